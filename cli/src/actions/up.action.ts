import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedError, unreachableError, usageError } from '../errors.js';
import { isPortFree, portHolder } from '../infra/ports-check.js';
import { selectProvider, type InfraOptions } from '../infra/providers.js';
import { tail, tailOfLastRun } from '../infra/native/kafka.js';
import { relative } from 'node:path';
import { buildApp, buildPackages, needsAppBuild, needsBuild, workspacePackages } from '../stack/build.js';
import { planStart } from '../stack/plan.js';
import { instancePorts } from '../stack/ports.js';
import { projectPaths, type ProjectPaths } from '../stack/project.js';
import { declaredTopics, discoverServices } from '../stack/services.js';
import { isAlive, readState, clearState, type StackState } from '../stack/state.js';
import { control, liveState } from '../supervisor/client.js';
import { infraTimeoutMs, type SupervisorPlan } from '../supervisor/plan.js';
import { printJson, progress } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';
import { stopStrays } from './down.action.js';

export interface UpOptions extends InfraOptions {
  json?: boolean;
  timeout?: string;
  /** Keep running: rebuild and restart what changes (cli/src/watch/). */
  watch?: boolean;
}

export async function upAction(requested: string[], opts: UpOptions): Promise<void> {
  await startStack(requested, opts);
  if (opts.watch) await (await import('../watch/dev-loop.js')).watchStack(projectPaths(), { json: opts.json });
}

async function startStack(requested: string[], opts: UpOptions): Promise<void> {
  const paths = projectPaths();
  const services = discoverServices(paths.servicesDir);
  const plan = planStart(services, requested);
  const startTimeoutMs = parseTimeout(opts.timeout);
  const show = (state: StackState) => {
    if (opts.json) printJson(state);
    else process.stdout.write(renderStack(state) + '\n');
  };

  mkdirSync(paths.stateDir, { recursive: true });
  // The lock first: a stack that another `up` is still starting is not "already up".
  const releaseLock = takeLock(paths);
  try {
    const running = await liveState(paths.stateDir);
    if (running) {
      if (!opts.json) process.stderr.write('The stack is already up; nothing to do.\n');
      return show(running);
    }
    const stale = readState(paths.stateDir);
    if (stale) {
      const killed = await stopStrays(stale);
      clearState(paths.stateDir);
      process.stderr.write(`Cleaned up after a stack that did not stop cleanly${killed ? ` (stopped ${killed} leftover process${killed > 1 ? 'es' : ''})` : ''}.\n`);
    }
    const steps = progress(!opts.json);
    const provider = await selectProvider(paths, opts);
    if (!provider.isInstalled()) {
      await provider.install((what) => steps.step(what));
      steps.done();
    }

    const selected = plan.levels.flat();
    const infra = await provider.prepare();
    const ports = [...infra.flatMap((c) => c.ports), ...selected.flatMap((s) => Object.values(instancePorts(s)).filter((p): p is number => p !== undefined))];
    await assertPortsFree(ports);

    const stalePackages = [...workspacePackages(paths.root), ...selected.filter((s) => !s.build).map((s) => s.dir)].filter(needsBuild);
    if (stalePackages.length) {
      steps.step(`Building ${stalePackages.length} package${stalePackages.length > 1 ? 's' : ''}`);
      const libs = stalePackages.filter((d) => !d.startsWith(paths.servicesDir));
      await buildPackages(libs, (d) => steps.update(`Building ${d.slice(paths.root.length + 1)}`));
      await buildPackages(stalePackages.filter((d) => !libs.includes(d)), (d) => steps.update(`Building ${d.slice(paths.root.length + 1)}`));
      steps.done();
    }
    for (const s of selected.filter((s) => s.build && needsAppBuild(s))) {
      steps.step(`Building ${s.name} (${s.build})`);
      await buildApp(s);
      steps.done();
    }

    if (provider.start) {
      steps.step('Starting containers (docker compose)');
      await provider.start();
      steps.done();
    }
    const supervisorPlan: SupervisorPlan = {
      paths,
      provider: provider.name,
      endpoints: provider.endpoints,
      infra,
      services,
      levels: plan.levels.map((l) => l.map((s) => s.name)),
      topics: [...declaredTopics(selected)],
      startTimeoutMs,
    };
    const state = await startSupervisor(paths, supervisorPlan, steps);
    steps.done();
    show(state);
  } finally {
    releaseLock();
  }
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 60_000;
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
    const holder = await portHolder(port);
    throw usageError(
      `port ${port} is already in use${holder ? ` by ${holder}` : ''}`,
      `stop that process, or shift every port of this stack with PLATFORM_PORT_OFFSET=1000 platform up`,
    );
  }
}

async function startSupervisor(paths: ProjectPaths, plan: SupervisorPlan, steps: ReturnType<typeof progress>): Promise<StackState> {
  mkdirSync(paths.logsDir, { recursive: true });
  const planFile = join(paths.stateDir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan, null, 2));
  const logFile = join(paths.logsDir, 'supervisor.log');
  const fd = openSync(logFile, 'a');
  const entry = fileURLToPath(new URL('../supervisor/main.js', import.meta.url));
  const child = spawn(process.execPath, [entry, planFile], { detached: true, stdio: ['ignore', fd, fd], cwd: paths.root });
  closeSync(fd);
  child.unref();

  steps.step('Starting kafka and mongo');
  const deadline = Date.now() + infraTimeoutMs(plan.startTimeoutMs) + plan.startTimeoutMs * (plan.levels.length + 1);
  let lastLabel = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 150));
    const state = readState(paths.stateDir);
    if (!isAlive(child.pid)) {
      throw failedError(`the supervisor exited during start-up:\n${tail(safeRead(logFile), 20)}`, 'see .platform/logs/supervisor.log; `platform doctor` checks the usual causes');
    }
    if (!state) continue;
    if (state.phase === 'ready') return state;
    if (state.phase === 'failed') {
      steps.fail();
      const culprit = state.processes.find((p) => p.state !== 'healthy');
      const log = culprit ? join(paths.logsDir, `${culprit.name}${culprit.instance ? `-${culprit.instance}` : ''}.log`) : logFile;
      await control(state, 'stop', {}, 60_000).catch(() => {});
      await waitForExit(child.pid!, 30_000);
      throw failedError(
        `${state.error}\n--- last lines of ${log.startsWith(paths.root) ? relative(paths.root, log) : log} ---\n${tailOfLastRun(safeRead(log), 20)}`,
        'fix the cause above, then run `platform up` again (`platform doctor` checks tools and ports)',
      );
    }
    const waiting = state.processes.filter((p) => p.state !== 'healthy').map((p) => p.name);
    const label = waiting.length ? `Starting ${waiting.join(', ')}` : 'Creating topics';
    if (label !== lastLabel) {
      steps.update(label);
      lastLabel = label;
    }
    if (Date.now() > deadline) {
      await control(state, 'stop', {}, 60_000).catch(() => {});
      throw unreachableError(`the stack did not become healthy in time (waiting for ${waiting.join(', ')})`, 'see `platform logs`, then run `platform up` again');
    }
  }
}

async function waitForExit(pid: number, ms: number) {
  const end = Date.now() + ms;
  while (isAlive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
