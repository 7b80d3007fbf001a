import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { colors } from '../ui/colors.js';
import { printJson } from '../ui/output.js';
import { handlerNames, handlerSchematics, planHandler, type HandlerPlan } from '../generate/handler-plan.js';
import { runNestSchematics } from '../generate/schematics.js';
import { writeAtomically } from '../generate/write.js';

export interface GenerateHandlerFlags {
  event?: boolean;
  kafka?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export async function generateHandlerAction(serviceName: string, pattern: string, flags: GenerateHandlerFlags): Promise<void> {
  const paths = projectPaths();
  const services = discoverServices(paths.servicesDir);
  const service = services.find((s) => s.name === serviceName);
  if (!service) {
    throw usageError(`no service named "${serviceName}"`, services.length ? `services: ${services.map((s) => s.name).join(', ')}` : 'create one with `platform generate service <name>`');
  }
  const appModulePath = join(service.dir, 'src', 'app.module.ts');
  if (!existsSync(appModulePath)) throw usageError(`${relative(paths.root, appModulePath)} not found: cannot register the handler`);
  if (flags.kafka && !flags.event) throw usageError('--kafka makes an event handler: add --event', 'e.g. `platform generate handler orders payments.events --event --kafka`');
  const transport = flags.kafka ? 'kafka' : 'tcp';
  const names = handlerNames(service.name, pattern, transport);
  const featureDir = join(service.dir, 'src', names.feature);
  if (existsSync(featureDir)) throw usageError(`${relative(paths.root, featureDir)} already exists`, 'pick another pattern, or edit the existing controller');
  if (alreadyHandled(service.dir, names.pattern)) throw usageError(`services/${service.name} already has a handler for "${names.pattern}"`);
  const plan = planHandler(names, flags.event ? 'event' : 'message', transport, await runNestSchematics(service.dir, handlerSchematics(names)));
  const packagePath = join(service.dir, 'package.json');
  const declared = transport === 'kafka' ? consumeTopic(readFileSync(packagePath, 'utf8'), plan.pattern) : undefined;

  const files = [...plan.files.keys()].map((f) => relative(paths.root, join(service.dir, f)));
  const result = { service: service.name, pattern: plan.pattern, kind: plan.kind, transport, files, updated: [relative(paths.root, appModulePath), ...(declared ? [relative(paths.root, packagePath)] : [])] };
  if (flags.dryRun) {
    if (flags.json) return printJson({ dryRun: true, ...result });
    process.stdout.write([`Would add the ${plan.kind} handler ${colors.bold(plan.pattern)}; nothing was written.`, ...files.map((f) => `  ${colors.green('create')} ${f}`), ...result.updated.map((f) => `  ${colors.yellow('update')} ${f}`)].join('\n') + '\n');
    return;
  }
  // The feature folder appears whole (temp + rename); AppModule is edited last, once it exists.
  writeAtomically(paths.root, featureDir, new Map([...plan.files].map(([f, c]) => [f.slice(`src/${plan.feature}/`.length), c])));
  writeFileSync(appModulePath, plan.appModule);
  if (declared) writeFileSync(packagePath, declared);
  if (flags.json) return printJson(result);
  process.stdout.write([
    `${colors.green('✓')} Added the ${plan.kind} handler ${colors.bold(plan.pattern)} to ${service.name}`,
    ...files.map((f) => `  ${colors.green('create')} ${f}`),
    ...result.updated.map((f) => `  ${colors.yellow('update')} ${f}`),
    '',
    `Next: \`platform up ${service.name}\` rebuilds it; ${nextStep(service.name, plan)}`,
  ].join('\n') + '\n');
}

function nextStep(service: string, plan: HandlerPlan): string {
  if (plan.transport === 'kafka') return `\`platform send kafka ${plan.pattern} '{"id":"evt-1"}'\``;
  return plan.kind === 'message' ? `\`platform send tcp ${service} ${plan.pattern} '{"id":"req-1"}'\`` : `\`platform patterns ${service}\``;
}

/** The service's package.json with the topic it now consumes (and its dead-letter topic) declared, so `up` creates them. */
function consumeTopic(packageJson: string, topic: string): string {
  const pkg = JSON.parse(packageJson) as { platform: { transports?: string[]; consumes?: string[]; produces?: string[]; dependsOn?: string[] } };
  const add = (key: 'transports' | 'consumes' | 'produces' | 'dependsOn', value: string) => {
    const list = (pkg.platform[key] ??= []);
    if (!list.includes(value)) list.push(value);
  };
  add('transports', 'kafka');
  add('consumes', topic);
  add('produces', `${topic}.dlt`);
  add('dependsOn', 'kafka');
  return JSON.stringify(pkg, null, 2) + '\n';
}

/** A quoted pattern literal anywhere in src/ means a handler for it already exists. */
function alreadyHandled(dir: string, pattern: string): boolean {
  const needle = [`'${pattern}'`, `"${pattern}"`, `\`${pattern}\``];
  const visit = (d: string): boolean => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory() ? visit(p) : entry.name.endsWith('.ts') && needle.some((n) => readFileSync(p, 'utf8').includes(n))) return true;
    }
    return false;
  };
  return existsSync(join(dir, 'src')) && visit(join(dir, 'src'));
}

