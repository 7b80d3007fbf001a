import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedError, PlatformError, unreachableError, usageError } from '../errors.js';
import { withCacheLock } from '../infra/cache-lock.js';
import { freeOffset, isPortFree, portHolder } from '../infra/ports-check.js';
import { assertProviderName, selectProvider, type InfraOptions, type InfraProvider } from '../infra/providers.js';
import { tail } from '../ui/text.js';
import { buildApp, buildStale, needsAppBuild } from '../stack/build.js';
import { planStart } from '../stack/plan.js';
import { instancePorts, portOffset } from '../stack/ports.js';
import { projectPaths, type ProjectPaths } from '../stack/project.js';
import { declaredTopics, discoverServices } from '../stack/services.js';
import { type ServiceSpec } from '../stack/declaration.js';
import { startOutcome, timedOut, waitingFor, type StartProblem } from '../stack/start-outcome.js';
import { isAlive, readState, clearState, type StackState } from '../stack/state.js';
import { liveState } from '../stack/live.js';
import { setDesired, stopStack } from '../supervisor/client.js';
import { logMaxBytes } from '../supervisor/log-rotation.js';
import { makeDir } from '../stack/make-dir.js';
import type { SupervisorPlan } from '../supervisor/plan.js';
import { printJson, progress } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';
import { stopStrays, waitGone } from './down.action.js';
import { dashboardLine } from './dashboard.action.js';

export interface UpOptions extends InfraOptions {
  json?: boolean;
  timeout?: string;
  keep?: boolean;
  /** Keep running: rebuild and restart what changes (cli/src/watch/). */
  watch?: boolean;
}

type Steps = ReturnType<typeof progress>;

/**
 * `platform up [service...]` is declarative: whatever the asked services (and their dependencies)
 * miss is started, on a new stack or a running one, and `up` says what it changed. A start that
 * fails stops what this `up` started (unless --keep) and exits non-zero, naming the component.
 */
export async function upAction(requested: string[], opts: UpOptions): Promise<void> {
  const { paths, state } = await bringUp(requested, opts);
  if (opts.json) printJson(state);
  else process.stdout.write(`${renderStack(state)}\n${dashboardLine(paths.stateDir, state)}\n`);
  if (opts.watch) await (await import('../watch/dev-loop.js')).watchStack(paths, { json: opts.json });
}

/** What `up` does, up to the healthy stack it returns; `quiet` leaves out progress and notes (the demo's `up` step). */
export async function bringUp(
  requested: string[],
  opts: UpOptions & { quiet?: boolean },
): Promise<{ paths: ProjectPaths; state: StackState }> {
  const paths = projectPaths();
  const services = discoverServices(paths.servicesDir);
  const selected = planStart(services, requested).levels.flat();
  const timeoutMs = parseTimeout(opts.timeout);
  assertProviderName(opts.infra);
  portOffset();
  logMaxBytes();

  makeDir(
    paths.stateDir,
    `the stack's state folder ${paths.stateDir}`,
    'point PLATFORM_STATE_DIR at a folder you can write (or unset it for .platform/ in the project)',
  );
  // The lock first: a stack that another `up` is still starting is not "already up".
  const releaseLock = takeLock(paths);
  try {
    const running = await liveState(paths.stateDir);
    const state = running
      ? await convergeRunning(paths, running, selected, opts, timeoutMs)
      : await startStack(paths, services, selected, opts, timeoutMs);
    return { paths, state };
  } finally {
    releaseLock();
  }
}

/** A running stack: start what the asked services miss; "nothing to do" only when all are healthy. */
async function convergeRunning(
  paths: ProjectPaths,
  running: StackState,
  selected: ServiceSpec[],
  opts: UpOptions & { quiet?: boolean },
  timeoutMs: number,
): Promise<StackState> {
  assertSameInfra(running, opts);
  const changes = [
    ...brokenInfra(running),
    ...missing(
      running,
      selected.map((s) => s.name),
    ),
  ];
  if (!changes.length) {
    if (!opts.json && !opts.quiet) process.stderr.write('The stack is up and every asked service is healthy; nothing to do.\n');
    return running;
  }
  const steps = progress(!opts.json && !opts.quiet);
  const known = new Set(running.processes.map((p) => p.name));
  await assertPortsFree(selected.filter((s) => !known.has(s.name)).flatMap((s) => servicePorts(s)));
  await buildChanged(paths, selected, steps);
  const services = changes.filter((c) => selected.some((s) => s.name === c.name));
  const before = Object.fromEntries(services.map((c) => [c.name, running.desired[c.name] ?? 0]));
  await setDesired(running, Object.fromEntries(services.map((c) => [c.name, Math.max(1, running.desired[c.name] ?? 0)])), { retry: true });
  try {
    const state = await awaitServices(
      paths,
      selected.map((s) => s.name),
      timeoutMs,
      Date.now(),
      steps,
    );
    if (!opts.json && !opts.quiet) process.stderr.write(changes.map((c) => `${c.name}: ${c.was} -> healthy`).join('\n') + '\n');
    return state;
  } catch (e) {
    steps.fail();
    if (!opts.keep) await setDesired(running, before).catch(() => {});
    throw withKeepHint(e, opts.keep, `stopped what this \`up\` started again (${Object.keys(before).join(', ')})`);
  }
}

/** Kafka or the database run by this stack and failed (crashed past its restarts): `up` starts it again. */
function brokenInfra(state: StackState): { name: string; was: string }[] {
  return state.processes
    .filter((p) => p.kind !== 'service' && p.managed !== false && p.state === 'failed')
    .map((p) => ({ name: p.name, was: `failed (${p.detail ?? ''})` }));
}

/** The asked services that are not all healthy at their desired count, and what they were. */
export function missing(state: StackState, names: string[]): { name: string; was: string }[] {
  return names.flatMap((name) => {
    const want = state.desired[name] ?? 0;
    const procs = state.processes.filter((p) => p.name === name && p.instance < Math.max(want, 1));
    if (!procs.length) return [{ name, was: 'not in the stack (new)' }];
    if (want === 0) return [{ name, was: 'scaled to 0' }];
    const sick = procs.find((p) => p.state !== 'healthy');
    if (!sick && procs.length === want) return [];
    return [{ name, was: sick ? `${sick.state}${sick.detail ? ` (${sick.detail})` : ''}` : 'missing instances' }];
  });
}

/** `up` with other infrastructure than the running stack's would silently not do what was asked. */
function assertSameInfra(running: StackState, opts: UpOptions) {
  const differs = (flag: string, given: string | undefined, actual: string) => {
    if (given === undefined || given === actual) return;
    throw usageError(
      `the running stack uses ${flag.slice(2)} ${actual}, not ${given} (${flag})`,
      `run \`platform down\` first, then \`platform up ${flag} ${given}\``,
    );
  };
  differs('--infra', opts.infra, running.provider);
  differs('--mongo-url', opts.mongoUrl, running.mongoUrl);
  differs(
    '--kafka-brokers',
    opts.kafkaBrokers
      ?.split(',')
      .map((b) => b.trim())
      .join(','),
    running.kafkaBrokers.join(','),
  );
  // Only an offset given on purpose: commands without it find the stack by its project, whatever its ports.
  const asked = process.env.PLATFORM_PORT_OFFSET?.trim();
  if (asked && running.portOffset !== undefined && portOffset() !== running.portOffset)
    throw usageError(
      `the running stack uses PLATFORM_PORT_OFFSET=${running.portOffset}, not ${asked}`,
      `run \`platform down\` first to move it, or leave PLATFORM_PORT_OFFSET unset to use the running stack`,
    );
}

/** No stack: provision, build, start the supervisor, and wait for the asked services. */
async function startStack(
  paths: ProjectPaths,
  services: ServiceSpec[],
  selected: ServiceSpec[],
  opts: UpOptions & { quiet?: boolean },
  timeoutMs: number,
): Promise<StackState> {
  const stale = readState(paths.stateDir);
  if (stale) {
    const killed = await stopStrays(stale);
    clearState(paths.stateDir);
    process.stderr.write(
      `Cleaned up after a stack that did not stop cleanly${killed ? ` (stopped ${killed} leftover process${killed > 1 ? 'es' : ''})` : ''}.\n`,
    );
  }
  const steps = progress(!opts.json && !opts.quiet);
  const provider = await selectProvider(paths, opts);
  await provision(paths, provider, steps);
  const infra = await provider.prepare();
  await assertPortsFree([...infra.flatMap((c) => c.ports), ...selected.flatMap(servicePorts)]);
  await buildChanged(paths, selected, steps);
  if (provider.start) {
    steps.step('Starting containers (docker compose)');
    await provider.start();
    steps.done();
  }
  const plan: SupervisorPlan = {
    paths,
    provider: provider.name,
    endpoints: provider.endpoints,
    infra,
    services,
    levels: planStart(
      services,
      selected.map((s) => s.name),
    ).levels.map((l) => l.map((s) => s.name)),
    topics: [...declaredTopics(selected)],
    startTimeoutMs: timeoutMs,
  };
  const started = Date.now();
  const pid = spawnSupervisor(paths, plan);
  try {
    return await awaitServices(
      paths,
      selected.map((s) => s.name),
      timeoutMs,
      started,
      steps,
      pid,
    );
  } catch (e) {
    steps.fail();
    if (opts.keep) throw withKeepHint(e, true, '');
    const state = readState(paths.stateDir);
    if (state) await stopStack(state).catch(() => {});
    // No state yet (Ctrl-C right after the spawn): the supervisor's own SIGTERM handler stops what it started.
    else signalSupervisor(pid);
    await waitGone(pid, 30_000);
    if (state) await stopStrays(state);
    if (provider.stop) await provider.stop(false);
    throw withKeepHint(e, false, 'stopped everything it started');
  }
}

async function provision(paths: ProjectPaths, provider: InfraProvider, steps: Steps) {
  if (provider.isInstalled()) return;
  await withCacheLock(
    paths.cacheDir,
    (holder) => steps.step(`Waiting for pid ${holder}, which is provisioning ${paths.cacheDir}`),
    async () => {
      if (provider.isInstalled()) return;
      await provider.install((what) => steps.step(what));
    },
  );
  steps.done();
}

async function buildChanged(paths: ProjectPaths, selected: ServiceSpec[], steps: Steps) {
  let first = true;
  const built = await buildStale(
    paths,
    selected.filter((s) => !s.build).map((s) => s.dir),
    (dir) => {
      if (first) steps.step(`Building ${dir}`);
      else steps.update(`Building ${dir}`);
      first = false;
    },
  );
  if (built.length) steps.done(`(${built.length} package${built.length > 1 ? 's' : ''})`);
  // Apps of an adopted repository (platform.yaml) are built with their own build.
  for (const s of selected.filter((s) => s.build && needsAppBuild(s))) {
    steps.step(`Building ${s.name} (${s.build})`);
    await buildApp(s);
    steps.done();
  }
}

/** Polls state.json until the asked services are healthy, one failed, or the time is up. */
async function awaitServices(
  paths: ProjectPaths,
  names: string[],
  timeoutMs: number,
  since: number,
  steps: Steps,
  supervisorPid?: number,
): Promise<StackState> {
  steps.step(supervisorPid ? 'Starting kafka and mongo' : `Starting ${names.join(', ')}`);
  let lastLabel = '';
  // Ctrl-C while waiting fails the wait like a timeout does, so the caller stops what this `up`
  // started (unless --keep) instead of leaving a stack starting in the background unannounced.
  // A second Ctrl-C during that clean-up is Node's default again: exit at once.
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 150));
      if (interrupted) throw failedError(`interrupted while ${lastLabel ? lastLabel.replace(/^Starting/, 'starting') : 'starting'}`);
      const state = startState(paths, supervisorPid);
      if (!state) continue;
      const outcome = startOutcome(state, names, Date.now() - since);
      if (outcome.done) {
        steps.done();
        return state;
      }
      if (outcome.problem) throw startError(outcome.problem);
      const label = `Starting ${waitingFor(outcome.waiting) || names.join(', ')}`;
      if (label !== lastLabel) steps.update((lastLabel = label));
      if (Date.now() - since > timeoutMs) throw startError(timedOut(outcome, timeoutMs));
    }
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** The stack's state file, once the supervisor wrote it; throws when the supervisor died first. */
function startState(paths: ProjectPaths, supervisorPid?: number): StackState | undefined {
  if (supervisorPid && !isAlive(supervisorPid)) {
    throw failedError(
      `the supervisor exited during start-up:\n${tail(safeRead(join(paths.logsDir, 'supervisor.log')), 20)}`,
      'see .platform/logs/supervisor.log; `platform doctor` checks the usual causes',
    );
  }
  return readState(paths.stateDir);
}

function startError(p: StartProblem): PlatformError {
  const message = `${p.name} did not start: ${p.reason}`;
  return p.unreachable
    ? unreachableError(
        message,
        `is ${p.name} running at that address? Start it, or fix --kafka-brokers/--mongo-url, then run \`platform up\` again`,
      )
    : failedError(message, `see \`platform logs ${p.name.split(' ')[0]}\`; fix the cause, then run \`platform up\` again`);
}

function withKeepHint(e: unknown, kept: boolean | undefined, undone: string): unknown {
  if (!(e instanceof PlatformError)) return e;
  const hint = kept
    ? `${e.hint ?? ''}; --keep left it running: \`platform status\` shows it, \`platform down\` stops it`
    : `${e.hint ?? ''} (\`up\` ${undone}; --keep leaves it running to look at)`;
  return new PlatformError(e.message, e.exitCode, hint.replace(/^; /, '').trim());
}

function servicePorts(s: ServiceSpec): number[] {
  return Object.values(instancePorts(s)).filter((p): p is number => p !== undefined);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 180_000;
  const secs = Number(value);
  if (!Number.isFinite(secs) || secs <= 0) throw usageError(`--timeout must be a number of seconds, got "${value}"`);
  return secs * 1000;
}

/** One `up` at a time per project: a second one gets an error, not a race. */
function takeLock(paths: ProjectPaths): () => void {
  const lock = join(paths.stateDir, 'up.lock');
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (isAlive(holder) && holder !== process.pid) {
      throw usageError(`another \`platform up\` is already running (pid ${holder})`, 'wait for it to finish, then run `platform status`');
    }
    writeFileSync(lock, String(process.pid));
  }
  return () => rmSync(lock, { force: true });
}

async function assertPortsFree(ports: number[]) {
  for (const port of ports) {
    if (await isPortFree(port)) continue;
    const [holder, offset] = await Promise.all([
      portHolder(port),
      freeOffset(
        ports.map((p) => p - portOffset()),
        portOffset(),
      ),
    ]);
    throw usageError(
      `port ${port} is already in use${holder ? ` by ${holder}` : ''}`,
      offset === undefined
        ? 'stop that process, or shift every port of this stack with a PLATFORM_PORT_OFFSET at which they are free'
        : `stop that process, or shift every port of this stack to free ones: PLATFORM_PORT_OFFSET=${offset} platform up`,
    );
  }
}

function signalSupervisor(pid: number) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function spawnSupervisor(paths: ProjectPaths, plan: SupervisorPlan): number {
  mkdirSync(paths.logsDir, { recursive: true });
  const planFile = join(paths.stateDir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan, null, 2));
  const fd = openSync(join(paths.logsDir, 'supervisor.log'), 'a');
  const entry = fileURLToPath(new URL('../supervisor/main.js', import.meta.url));
  const child = spawn(process.execPath, [entry, planFile], { detached: true, stdio: ['ignore', fd, fd], cwd: paths.root });
  closeSync(fd);
  child.unref();
  return child.pid!;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
