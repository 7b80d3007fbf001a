import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { tailOfLastRun } from '../ui/text.js';
import { buildPackage, needsBuild, workspacePackages, type BuildResult } from '../stack/build.js';
import type { ProjectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { isAlive } from '../stack/state.js';
import { liveState, requireStack } from '../stack/live.js';
import { control } from '../supervisor/client.js';
import { colors } from '../ui/colors.js';
import { ChangeBatcher } from './batch.js';
import { formatProblem, parseBuildOutput } from './build-errors.js';
import { compileChangedFiles, compilerFor } from './swc-compile.js';
import { planRebuild, withFolderContents, type WatchUnit } from './targets.js';

export interface WatchOptions {
  json?: boolean;
  /** How long saving must pause before a rebuild starts. */
  quietMs?: number;
}

/**
 * `platform up --watch`: rebuilds what changed under a service's or a library's src/ and restarts
 * only the services that run that code, through the supervisor, waiting for their health. A failed
 * build is reported once and restarts nothing, so the running process keeps serving. Ctrl-C stops
 * watching; the stack keeps running.
 */
export async function watchStack(paths: ProjectPaths, opts: WatchOptions = {}): Promise<void> {
  const state = await requireStack(paths.stateDir);
  const running = new Set(state.processes.filter((p) => p.kind === 'service').map((p) => p.name));
  const units = watchUnits(paths).filter((u) => u.kind === 'library' || running.has(u.name));
  const say = reporter(paths, opts.json);
  const lastError = new Map<WatchUnit, string>();
  const retry = new Set<string>();

  const rebuild = async (changed: string[], since: number) => {
    const stack = await liveState(paths.stateDir);
    if (!stack) return;
    const plan = planRebuild([...retry, ...withFolderContents(changed, units)], units);
    retry.clear();
    if (!plan.libraries.length && !plan.services.length) return;
    const failed = new Set<string>();
    const blocked = (u: WatchUnit) => u.uses.some((p) => failed.has(p));
    const build = async (unit: WatchUnit) => {
      say.building(unit, plan.files.get(unit) ?? []);
      const files = plan.files.get(unit) ?? [];
      const result = (unit.kind === 'service' && (await compileChangedFiles(unit.dir, files))) || (await buildPackage(unit.dir));
      if (result.ok) {
        lastError.delete(unit);
        say.built(unit, result);
      } else {
        failed.add(unit.packageName);
        const failure = parseBuildOutput(result.output);
        say.failed(unit, failure, lastError.get(unit) === failure.detail);
        lastError.set(unit, failure.detail);
      }
      return result.ok;
    };
    for (const lib of plan.libraries) if (blocked(lib) || !(await build(lib))) failed.add(lib.packageName);
    for (const svc of plan.services) if (blocked(svc) || !(await build(svc))) failed.add(svc.packageName);
    // Whatever did not build is rebuilt with the next change, whichever file that is.
    for (const [unit, files] of plan.files) if (failed.has(unit.packageName)) files.forEach((f) => retry.add(join(unit.dir, f)));
    const restart = plan.restart.filter((u) => !failed.has(u.packageName) && !blocked(u));
    await Promise.all(
      restart.map(async (unit) => {
        const started = Date.now();
        try {
          await control(stack, 'POST', '/restart', { name: unit.name });
          say.restarted(unit, Date.now() - started, Date.now() - since);
        } catch (e) {
          say.unhealthy(unit, (e as Error).message);
        }
      }),
    );
  };

  const batcher = new ChangeBatcher(opts.quietMs ?? 150, rebuild);
  const { watch } = await import('chokidar');
  const watcher = watch(
    units.map((u) => join(u.dir, 'src')),
    { ignoreInitial: true },
  );
  // A removed folder reports its files too; a new one is read when its batch builds (withFolderContents).
  for (const event of ['add', 'addDir', 'change', 'unlink'] as const) watcher.on(event, (path) => batcher.add(path));
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  say.watching(units);
  // Loading TypeScript and the Nest CLI's SWC options takes a second or more: do it now, not on the first save.
  for (const unit of units) if (unit.kind === 'service') void compilerFor(unit.dir);
  // Sources edited while nothing watched (the stack was already up) are built now.
  for (const unit of units.filter((u) => needsBuild(u.dir))) batcher.add(join(unit.dir, 'src'));

  let onSignal = () => {};
  let check: NodeJS.Timeout | undefined;
  const reason = await new Promise<'interrupted' | 'stack stopped'>((resolve) => {
    onSignal = () => resolve('interrupted');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    check = setInterval(() => isAlive(state.supervisorPid) || resolve('stack stopped'), 2000);
  });
  clearInterval(check);
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  batcher.close();
  await watcher.close();
  say.stopped(reason);
}

/** The services of the project and the libraries under packages/, with the libraries each uses. */
export function watchUnits(paths: ProjectPaths): WatchUnit[] {
  const read = (dir: string) =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name?: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
  const libraries = workspacePackages(paths.root).map((dir) => ({ dir, pkg: read(dir) }));
  const libNames = new Set(libraries.map((l) => l.pkg.name ?? ''));
  const uses = (pkg: ReturnType<typeof read>) =>
    Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => libNames.has(n));
  return [
    ...libraries.map(({ dir, pkg }): WatchUnit => ({
      name: basename(dir),
      kind: 'library',
      dir,
      packageName: pkg.name ?? basename(dir),
      uses: uses(pkg),
    })),
    ...discoverServices(paths.servicesDir).map((s): WatchUnit => {
      const pkg = read(s.dir);
      return { name: s.name, kind: 'service', dir: s.dir, packageName: pkg.name ?? s.name, uses: uses(pkg) };
    }),
  ];
}

/** What the watcher says: one line per step on a terminal, one JSON object per line with --json. */
function reporter(paths: ProjectPaths, json?: boolean) {
  const where = (u: WatchUnit) => relative(paths.root, u.dir);
  const time = () => colors.dim(new Date().toTimeString().slice(0, 8));
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const line = (text: string) => process.stdout.write(`${time()} ${text}\n`);
  const event = (e: Record<string, unknown>) => process.stdout.write(JSON.stringify({ at: new Date().toISOString(), ...e }) + '\n');
  return {
    watching(units: WatchUnit[]) {
      const services = units.filter((u) => u.kind === 'service').map((u) => u.name);
      const libraries = units.filter((u) => u.kind === 'library').map(where);
      if (json) return event({ event: 'watching', services, libraries });
      line(
        `Watching ${services.join(', ')}${libraries.length ? ` and ${libraries.join(', ')}` : ''} for changes under src/. Ctrl-C stops watching; the stack keeps running.`,
      );
    },
    building(u: WatchUnit, files: string[]) {
      const shown = files.filter((f) => f !== 'src');
      if (json) return event({ event: 'building', unit: u.name, kind: u.kind, files: shown });
      line(
        `${colors.bold(u.name)}: ${shown.length ? `${shown.length === 1 ? shown[0] : `${shown.length} files`} changed, ` : 'changed since its last build, '}building`,
      );
    },
    built(u: WatchUnit, r: BuildResult) {
      if (json) return event({ event: 'built', unit: u.name, kind: u.kind, ms: r.ms });
      line(`${colors.bold(u.name)}: built in ${secs(r.ms)}${u.kind === 'service' ? ', restarting' : ''}`);
    },
    failed(u: WatchUnit, failure: ReturnType<typeof parseBuildOutput>, same: boolean) {
      const problems = failure.problems.map((p) => formatProblem(p, `${where(u)}/`));
      if (json) return event({ event: 'build-failed', unit: u.name, kind: u.kind, problems, output: failure.detail });
      const keeps =
        u.kind === 'service'
          ? `the running ${u.name} keeps serving its last good build`
          : `services using ${u.name} keep running its last good build`;
      if (same) return line(`${colors.red('✗')} ${colors.bold(u.name)}: still the same build error; ${keeps}`);
      line(`${colors.red('✗')} ${colors.bold(u.name)}: build failed; ${keeps}`);
      process.stdout.write(
        [
          ...problems.map((p) => `  ${colors.red(p)}`),
          '',
          failure.detail
            .split('\n')
            .map((l) => `    ${l}`)
            .join('\n'),
          '',
        ].join('\n') + '\n',
      );
    },
    restarted(u: WatchUnit, restartMs: number, sinceChangeMs: number) {
      if (json) return event({ event: 'restarted', service: u.name, ms: restartMs, sinceChangeMs });
      line(
        `${colors.green('✓')} ${colors.bold(u.name)}: restarted and healthy in ${secs(restartMs)} (${secs(sinceChangeMs)} after the change)`,
      );
    },
    unhealthy(u: WatchUnit, message: string) {
      const log = join(paths.logsDir, `${u.name}.log`);
      let lines = '';
      try {
        lines = tailOfLastRun(readFileSync(log, 'utf8'), 15);
      } catch {
        /* no log yet */
      }
      if (json) return event({ event: 'restart-failed', service: u.name, error: message, log: lines });
      line(`${colors.red('✗')} ${colors.bold(u.name)}: built, but did not become healthy: ${message}`);
      process.stdout.write(`--- last lines of ${relative(paths.root, log)} ---\n${lines}\n`);
    },
    stopped(reason: 'interrupted' | 'stack stopped') {
      if (json) return event({ event: 'stopped', reason });
      line(
        reason === 'interrupted'
          ? 'Stopped watching. The stack keeps running (`platform down` stops it).'
          : 'The stack stopped; stopped watching.',
      );
    },
  };
}
