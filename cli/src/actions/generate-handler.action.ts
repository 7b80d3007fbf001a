import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { usageError } from '../errors.js';
import { colors } from '../ui/colors.js';
import { printJson } from '../ui/output.js';
import { handlerNames, handlerSchematics, planHandler, type HandlerPlan } from '../generate/handler-plan.js';
import { runNestSchematics } from '../generate/schematics.js';
import { changeLines, handledAlready, targetService } from '../generate/target-service.js';
import { writeAtomically } from '../generate/write.js';

export interface GenerateHandlerFlags {
  event?: boolean;
  kafka?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export async function generateHandlerAction(serviceName: string, pattern: string, flags: GenerateHandlerFlags): Promise<void> {
  const { paths, service, appModulePath } = targetService(serviceName);
  if (flags.kafka && !flags.event)
    throw usageError(
      '--kafka makes an event handler: add --event',
      'e.g. `platform generate handler orders payments.events --event --kafka`',
    );
  const transport = flags.kafka ? 'kafka' : 'tcp';
  const names = handlerNames(service.name, pattern, transport);
  const featureDir = join(service.dir, 'src', names.feature);
  if (existsSync(featureDir))
    throw usageError(`${relative(paths.root, featureDir)} already exists`, 'pick another pattern, or edit the existing controller');
  if (handledAlready(service.dir, [names.pattern]))
    throw usageError(`services/${service.name} already has a handler for "${names.pattern}"`);
  const plan = planHandler(
    names,
    flags.event ? 'event' : 'message',
    transport,
    await runNestSchematics(service.dir, handlerSchematics(names)),
  );
  const packagePath = join(service.dir, 'package.json');
  const declared = transport === 'kafka' ? consumeTopic(readFileSync(packagePath, 'utf8'), plan.pattern) : undefined;

  const files = [...plan.files.keys()].map((f) => relative(paths.root, join(service.dir, f)));
  const result = {
    service: service.name,
    pattern: plan.pattern,
    kind: plan.kind,
    transport,
    files,
    updated: [relative(paths.root, appModulePath), ...(declared ? [relative(paths.root, packagePath)] : [])],
  };
  if (flags.dryRun) {
    if (flags.json) return printJson({ dryRun: true, ...result });
    process.stdout.write(
      [`Would add the ${plan.kind} handler ${colors.bold(plan.pattern)}; nothing was written.`, ...changeLines(files, result.updated)].join(
        '\n',
      ) + '\n',
    );
    return;
  }
  // The feature folder appears whole (temp + rename); AppModule is edited last, once it exists.
  writeAtomically(paths.root, featureDir, new Map([...plan.files].map(([f, c]) => [f.slice(`src/${plan.feature}/`.length), c])));
  writeFileSync(appModulePath, plan.appModule);
  if (declared) writeFileSync(packagePath, declared);
  if (flags.json) return printJson(result);
  process.stdout.write(
    [
      `${colors.green('✓')} Added the ${plan.kind} handler ${colors.bold(plan.pattern)} to ${service.name}`,
      ...changeLines(files, result.updated),
      '',
      `Next: \`platform up ${service.name}\` rebuilds it; ${nextStep(service.name, plan)}`,
    ].join('\n') + '\n',
  );
}

function nextStep(service: string, plan: HandlerPlan): string {
  if (plan.transport === 'kafka') return `\`platform send kafka ${plan.pattern} '{"id":"evt-1"}'\``;
  return plan.kind === 'message' ? `\`platform send tcp ${service} ${plan.pattern} '{"id":"req-1"}'\`` : `\`platform patterns ${service}\``;
}

/** The service's package.json with the topic it now consumes (and its dead-letter topic) declared, so `up` creates them. */
function consumeTopic(packageJson: string, topic: string): string {
  const pkg = JSON.parse(packageJson) as {
    platform: { transports?: string[]; consumes?: string[]; produces?: string[]; dependsOn?: string[] };
  };
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
