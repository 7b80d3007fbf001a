import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { findNestApps, type FoundApp } from '../adopt/find-apps.js';
import { readApp, type AppFacts } from '../adopt/read-app.js';
import { usageError } from '../errors.js';
import { ask, isInteractive, prompts } from '../generate/prompts.js';
import { sourceProgram } from '../source/patterns.js';
import { PLATFORM_YAML } from '../stack/platform-yaml.js';
import { colors } from '../ui/colors.js';
import { printJson, progress } from '../ui/output.js';

/**
 * `platform init`: finds the Nest apps of an existing repository, reads from their source how they
 * run, and writes the declarations to platform.yaml (after showing the diff). Nothing else is touched.
 */
export async function initAction(opts: { yes?: boolean; dir?: string; json?: boolean }): Promise<void> {
  const root = resolve(opts.dir ?? process.cwd());
  const steps = progress(!opts.json);
  const apps = findNestApps(root);
  const services: Record<string, Record<string, unknown>> = {};
  const notes: string[] = [];
  for (const app of apps) {
    steps.step(`Reading ${app.name} (${app.entry})`);
    const facts = readApp(sourceProgram(join(root, app.entry), app.tsconfig && join(root, app.tsconfig)), join(root, app.entry));
    steps.done();
    services[app.name] = declaration(app, facts);
    notes.push(...facts.notes.map((n) => `${app.name}: ${n}`));
  }
  reservePorts(services);
  assertOwnPorts(services);

  const file = join(root, PLATFORM_YAML);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const after = `# Written by \`platform init\`; see docs/adopt.md. Edit freely: \`platform up\` reads it.\n${stringify({ services })}`;
  if (opts.json) printJson({ file, services, notes, changed: before !== after });
  else {
    process.stdout.write(diff(before, after) + '\n');
    for (const n of notes) process.stdout.write(`${colors.yellow('note')} ${n}\n`);
  }
  if (before === after) {
    if (!opts.json) process.stdout.write(`${PLATFORM_YAML} is up to date.\n`);
    return;
  }
  if (!opts.yes) {
    if (!isInteractive())
      throw usageError(`not writing ${PLATFORM_YAML} without confirmation`, 'review the diff above, then run `platform init --yes`');
    const { confirm } = await prompts();
    if (!(await ask(() => confirm({ message: `Write ${PLATFORM_YAML}?`, default: true })))) return;
  }
  writeFileSync(file, after);
  if (!opts.json) process.stdout.write(`Wrote ${file}. Next: \`npx platform up\`.\n`);
}

function declaration(app: FoundApp, f: AppFacts): Record<string, unknown> {
  const d: Record<string, unknown> = { entry: app.entry, build: app.build, start: app.start };
  d.tcpPort =
    f.tcpPort ??
    (f.transports.includes('kafka') && f.kafkaGroup
      ? RESERVE
      : 'TODO: no TCP transport found in the entry; write the TCP port the app listens on');
  if (d.tcpPort === RESERVE) d.kafkaGroup = f.kafkaGroup;
  if (f.httpPort !== undefined) d.httpPort = f.httpPort;
  d.transports = f.transports.length ? f.transports : ['tcp'];
  if (f.consumes.length) d.consumes = f.consumes;
  if (f.produces.length) d.produces = f.produces;
  if (f.usesMongo) d.dependsOn = ['mongo'];
  if (f.transports.includes('kafka')) d.dependsOn = [...((d.dependsOn as string[]) ?? []), 'kafka'];
  if (Object.keys(f.env).length) d.env = f.env;
  return d;
}

const RESERVE = 'reserve';

/** A Kafka-only app listens on no TCP port; it still gets one of its own (unused) so ports never clash. */
function reservePorts(services: Record<string, Record<string, unknown>>) {
  let next = Math.max(
    3000,
    ...Object.values(services)
      .flatMap((d) => [d.tcpPort, d.httpPort])
      .filter((p): p is number => typeof p === 'number'),
  );
  for (const d of Object.values(services)) if (d.tcpPort === RESERVE) d.tcpPort = ++next;
}

/** Two apps on one port cannot both run; init refuses rather than writing it. */
function assertOwnPorts(services: Record<string, Record<string, unknown>>) {
  const owners = new Map<unknown, string>();
  for (const [name, d] of Object.entries(services)) {
    for (const port of [d.tcpPort, d.httpPort].filter((p) => typeof p === 'number')) {
      const other = owners.get(port);
      if (other)
        throw usageError(
          `${other} and ${name} both listen on port ${port}`,
          'give each app its own port (or its own env var for it), then run `platform init` again',
        );
      owners.set(port, name);
    }
  }
}

/** Lines removed and added, in order: enough to review a small generated file. */
function diff(before: string, after: string): string {
  const old = before ? before.split('\n') : [];
  const next = after.split('\n');
  const kept = new Set(old.filter((l) => next.includes(l)));
  return [
    `--- ${PLATFORM_YAML}${before ? '' : ' (new file)'}`,
    ...old.filter((l) => !kept.has(l)).map((l) => colors.red(`- ${l}`)),
    ...next.map((l) => (kept.has(l) ? `  ${l}` : colors.green(`+ ${l}`))),
  ].join('\n');
}
