import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { assetPath } from '../assets.js';
import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { colors } from '../ui/colors.js';
import { printJson, progress } from '../ui/output.js';
import { kafkaTopics, type ServiceOptions } from '../generate/installers.js';
import { tryIt } from '../generate/readme.js';
import {
  TRANSPORTS,
  validateCollection,
  validateServiceName,
  validateTopic,
  validateTransport,
  type TransportChoice,
} from '../generate/names.js';
import { choosePorts, parsePort } from '../generate/ports.js';
import { ask, isInteractive, prompts } from '../generate/prompts.js';
import { planService, type PlanContext, type ServicePlan } from '../generate/service-plan.js';
import { writeAtomically } from '../generate/write.js';
import { buildService, installWorkspace } from '../generate/install.js';
import { buildStale } from '../stack/build.js';

export interface GenerateServiceFlags {
  transport?: string;
  http?: boolean;
  httpPort?: string;
  mongo?: string | false;
  port?: string;
  consumes?: string;
  produces?: string;
  yes?: boolean;
  dryRun?: boolean;
  install?: boolean;
  build?: boolean;
  json?: boolean;
}

export async function generateServiceAction(nameArg: string | undefined, flags: GenerateServiceFlags): Promise<void> {
  const paths = projectPaths();
  const services = discoverServices(paths.servicesDir);
  const taken = [...services.map((s) => s.name), ...(existsSync(paths.servicesDir) ? folderNames(paths.servicesDir) : [])];
  const options = await resolveOptions(nameArg, flags, services, taken);
  const dir = join(paths.servicesDir, options.name);
  const plan = await planService(options, { tsconfig: tsconfigFor(paths.root, dir) });

  if (flags.dryRun) return printDryRun(plan, relative(paths.root, dir), flags.json);

  writeAtomically(paths.root, dir, plan.files);
  const steps = progress(!flags.json);
  let installed: string | undefined;
  let built = false;
  if (flags.install !== false) {
    steps.step('Resolving dependencies');
    installed = await installWorkspace(paths.root, dir, Object.keys(plan.dependencies));
    steps.done(installed === 'resolved' ? '(already resolvable, no install needed)' : '(npm install)');
  }
  if (flags.build !== false) {
    // On a fresh clone nothing under packages/ is built yet, and the service imports @platform/nest-kit.
    await buildStale(paths, [], (lib) => steps.step(`Building ${lib} (the service imports it)`));
    steps.step(`Building services/${options.name}`);
    await buildService(dir);
    built = true;
    steps.done();
  }
  if (flags.json) {
    return printJson({ ...planSummary(plan, dir), installed: installed ?? false, built });
  }
  printSummary(plan, relative(paths.root, dir), { installed, built });
}

/** Flags first (all checked before any question), then prompts for what is missing, then defaults. */
async function resolveOptions(
  nameArg: string | undefined,
  flags: GenerateServiceFlags,
  services: ReturnType<typeof discoverServices>,
  taken: string[],
): Promise<ServiceOptions> {
  const interactive = isInteractive() && !flags.yes && !flags.json;
  if (nameArg !== undefined) validateServiceName(nameArg, taken);
  let transport = flags.transport === undefined ? undefined : validateTransport(flags.transport);
  if (flags.consumes !== undefined) validateTopic(flags.consumes, '--consumes');
  if (flags.produces !== undefined) validateTopic(flags.produces, '--produces');
  if (typeof flags.mongo === 'string') validateCollection(flags.mongo);
  const tcpPort = parsePort(flags.port, '--port');
  const httpPort = parsePort(flags.httpPort, '--http-port');
  if ((flags.consumes || flags.produces) && transport === 'tcp') {
    throw usageError(
      '--consumes/--produces need Kafka: use --transport kafka or hybrid',
      'e.g. `--transport hybrid --consumes orders.commands`',
    );
  }
  if (flags.http === false && httpPort !== undefined) throw usageError('--http-port contradicts --no-http', 'drop one of them');
  const given = { tcpPort, httpPort, http: flags.http === true || httpPort !== undefined };
  choosePorts(services, given); // a taken --port fails before any question

  const p = interactive ? await prompts() : undefined;
  const name: string =
    nameArg ??
    (p
      ? await ask(() =>
          p.input({ message: 'Service name (kebab-case)', validate: (v) => valid(() => validateServiceName(v.trim(), taken)) }),
        ).then((v) => v.trim())
      : validateServiceName(undefined));
  if (!transport) {
    transport =
      p && !flags.consumes && !flags.produces
        ? await ask(() =>
            p.select<TransportChoice>({
              message: 'Transport',
              choices: [
                { value: 'tcp', name: 'tcp     request/reply messages (NestJS TCP)' },
                { value: 'kafka', name: 'kafka   consumes and produces Kafka events' },
                { value: 'hybrid', name: 'hybrid  both' },
              ],
            }),
          )
        : flags.consumes || flags.produces
          ? 'kafka'
          : TRANSPORTS[0];
  }
  let { consumes, produces } = flags;
  if (transport !== 'tcp') {
    const defaults = kafkaTopics({ name });
    if (p && consumes === undefined)
      consumes = await ask(() =>
        p.input({ message: 'Topic it consumes', default: defaults.consumes, validate: (v) => valid(() => validateTopic(v, '--consumes')) }),
      );
    if (p && produces === undefined)
      produces = await ask(() =>
        p.input({ message: 'Topic it produces', default: defaults.produces, validate: (v) => valid(() => validateTopic(v, '--produces')) }),
      );
  }
  const http =
    flags.http ??
    (httpPort !== undefined ? true : p ? await ask(() => p.confirm({ message: 'Add an HTTP listener?', default: false })) : false);
  let mongo = flags.mongo === false ? undefined : flags.mongo;
  if (
    mongo === undefined &&
    flags.mongo !== false &&
    p &&
    (await ask(() => p.confirm({ message: 'Store data in MongoDB?', default: false })))
  ) {
    mongo = await ask(() => p.input({ message: 'Collection name', default: name, validate: (v) => valid(() => validateCollection(v)) }));
  }
  const ports = choosePorts(services, { tcpPort, httpPort, http });
  return { name, transport, http, mongo, ...ports, ...(transport === 'tcp' ? {} : kafkaTopics({ name, consumes, produces })) };
}

const valid = (check: () => unknown): true | string => {
  try {
    check();
    return true;
  } catch (e) {
    return (e as Error).message;
  }
};

/** Extend the project's tsconfig.base.json when it has one; otherwise inline the CLI's, so the service still builds alone. */
function tsconfigFor(root: string, dir: string): PlanContext['tsconfig'] {
  const base = join(root, 'tsconfig.base.json');
  if (existsSync(base)) return { extends: relative(dir, base).split(sep).join('/') };
  const ours = JSON.parse(readFileSync(assetPath('tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  return { compilerOptions: ours.compilerOptions };
}

/** A folder without a platform key still blocks the name: renaming onto it would fail or clobber it. */
function folderNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

function describeOptions(o: ServiceOptions): string {
  const parts: string[] = [o.transport];
  if (o.mongo) parts.push(`mongo:${o.mongo}`);
  if (o.http) parts.push('http');
  return `${parts.join(' + ')}, TCP ${o.tcpPort}${o.httpPort ? `, HTTP ${o.httpPort}` : ''}`;
}

/** What `generate service --json` prints of a plan, written or not. */
function planSummary(plan: ServicePlan, dir: string) {
  return {
    service: plan.options.name,
    dir,
    files: [...plan.files.keys()],
    platform: plan.declaration,
    dependencies: plan.dependencies,
    installers: plan.installers,
    patterns: plan.patterns,
  };
}

function printDryRun(plan: ServicePlan, dir: string, json?: boolean): void {
  if (json) return printJson({ dryRun: true, ...planSummary(plan, dir) });
  const out = [
    `Would create ${colors.bold(dir)} (${describeOptions(plan.options)}); nothing was written.`,
    '',
    ...[...plan.files.keys()].map((f) => `  ${colors.green('create')} ${dir}/${f}`),
    '',
    `package.json "platform": ${JSON.stringify(plan.declaration)}`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

function printSummary(plan: ServicePlan, dir: string, done: { installed?: string; built: boolean }): void {
  const o = plan.options;
  const notes = [
    `${plan.files.size} files`,
    done.installed ? 'dependencies resolved' : 'dependencies not installed (run `npm install`)',
    done.built ? 'built' : 'not built yet',
  ];
  const out = [
    `${colors.green('✓')} Created ${colors.bold(dir)} (${describeOptions(o)})`,
    colors.dim(`  ${notes.join(' · ')}`),
    '',
    'Next:',
    `  platform up ${o.name}`,
    ...tryIt(plan.options, plan.patterns).map((c) => `  ${c}`),
    `  platform patterns ${o.name}`,
    `  platform generate handler ${o.name} <pattern>   (add a handler)`,
    `  platform generate resource ${o.name} <name>    (add a CRUD resource; --mongo to store it)`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}
