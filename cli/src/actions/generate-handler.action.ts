import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { colors } from '../ui/colors.js';
import { printJson } from '../ui/output.js';
import { planHandler } from '../generate/handler-plan.js';
import { writeAtomically } from '../generate/write.js';

export interface GenerateHandlerFlags {
  event?: boolean;
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
  const plan = planHandler(service.name, pattern, flags.event ? 'event' : 'message', readFileSync(appModulePath, 'utf8'));
  const featureDir = join(service.dir, 'src', plan.feature);
  if (existsSync(featureDir)) throw usageError(`${relative(paths.root, featureDir)} already exists`, 'pick another pattern, or edit the existing controller');
  if (alreadyHandled(service.dir, plan.pattern)) throw usageError(`services/${service.name} already has a handler for "${plan.pattern}"`);

  const files = [...plan.files.keys()].map((f) => relative(paths.root, join(service.dir, f)));
  const result = { service: service.name, pattern: plan.pattern, kind: plan.kind, files, updated: [relative(paths.root, appModulePath)] };
  if (flags.dryRun) {
    if (flags.json) return printJson({ dryRun: true, ...result });
    process.stdout.write([`Would add the ${plan.kind} handler ${colors.bold(plan.pattern)}; nothing was written.`, ...files.map((f) => `  ${colors.green('create')} ${f}`), `  ${colors.yellow('update')} ${result.updated[0]}`].join('\n') + '\n');
    return;
  }
  // The feature folder appears whole (temp + rename); AppModule is edited last, once it exists.
  writeAtomically(paths.root, featureDir, new Map([...plan.files].map(([f, c]) => [f.slice(`src/${plan.feature}/`.length), c])));
  writeFileSync(appModulePath, plan.appModule);
  if (flags.json) return printJson(result);
  process.stdout.write([
    `${colors.green('✓')} Added the ${plan.kind} handler ${colors.bold(plan.pattern)} to ${service.name}`,
    ...files.map((f) => `  ${colors.green('create')} ${f}`),
    `  ${colors.yellow('update')} ${result.updated[0]}`,
    '',
    `Next: \`platform up ${service.name}\` rebuilds it; ${plan.kind === 'message' ? `\`platform send tcp ${service.name} ${plan.pattern} '{"id":"req-1"}'\`` : `\`platform patterns ${service.name}\``}`,
  ].join('\n') + '\n');
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

