import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChildSpec } from '../infra/child-spec.js';
import type { ProcessStatus } from '../stack/state.js';
import { readLastLines } from '../stack/log-tail.js';
import { RUN_MARKER, tailOfLastRun } from '../ui/text.js';

const MAX_BACKOFF_MS = 15_000;
const STABLE_AFTER_MS = 30_000;
const UNHEALTHY_AFTER = 2;
/** Crashes in a row (none stable for STABLE_AFTER_MS) after which it is failed, not restarted. */
export const MAX_FAILURES = 5;
const REASON_LINES = 5;
/** How often a starting process's log is read for its latest `progress:` line. */
const PROGRESS_EVERY_MS = 500;
/** A progress line is looked for in this many lines at the end of the log. */
const PROGRESS_TAIL_LINES = 40;
const PROGRESS_PREFIX = 'progress: ';

/**
 * The text of the last `progress: <text>` line of the current run, if any. A process that takes
 * long to become ready says why this way (the database launcher while it restores its data);
 * `status` and `up` show it as the process's detail until it is ready.
 */
export function lastProgress(logTail: string): string | undefined {
  const run = logTail.slice(Math.max(0, logTail.lastIndexOf(RUN_MARKER)));
  const line = run
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(PROGRESS_PREFIX));
  return line?.slice(PROGRESS_PREFIX.length).trim() || undefined;
}

/**
 * One supervised process: spawned with its output appended to its log file, restarted with
 * exponential backoff when it exits on its own (or does not become ready in time), failed with
 * its last log lines after MAX_FAILURES in a row, and stopped with SIGTERM then SIGKILL.
 */
export class ManagedProcess {
  readonly status: ProcessStatus;
  private child?: ChildProcess;
  private stopping = false;
  private failuresInARow = 0;
  private restartTimer?: NodeJS.Timeout;
  private healthySince = 0;
  private failedProbes = 0;

  constructor(
    readonly spec: ChildSpec,
    /** Waits until the process answers; rejects when it does not in time. */
    private readonly waitReady: (proc: ManagedProcess) => Promise<void>,
    private readonly onChange: () => void,
  ) {
    this.status = {
      name: spec.name,
      kind: spec.kind,
      instance: spec.instance,
      address: spec.address,
      endpoint: spec.endpoint,
      managed: true,
      state: 'pending',
      restarts: 0,
    };
  }

  get pid() {
    return this.child?.pid;
  }

  get alive() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /**
   * Spawns a staged process early: it loads its code and waits for `platform:start` (see
   * packages/nest-kit/src/staged-start.ts), so loading overlaps with its dependencies starting.
   */
  preload(): void {
    this.stopping = false;
    this.spawnChild(true);
    this.status.state = 'pending';
    this.status.detail = 'loading; waits for its dependencies';
    this.onChange();
  }

  /**
   * Starts the process (or releases a preloaded one) and resolves once it is ready; rejects if not
   * (the restart policy then takes over). Asked for explicitly, so earlier failures are forgiven.
   */
  async start(why?: string): Promise<void> {
    this.stopping = false;
    this.failuresInARow = 0;
    clearTimeout(this.restartTimer);
    if (this.loaded && this.alive) {
      const child = this.child!;
      // Released as soon as it has loaded, however long that takes on a busy machine (it used to be
      // left waiting after 15 s until its readiness timed out). A service that ignores staging never
      // says "loaded"; it is then simply already starting.
      void this.loaded.then(() => child.connected && child.send('platform:start'));
      Object.assign(this.status, { state: 'starting', detail: undefined });
      this.onChange();
    } else {
      this.spawnChild(false, why);
    }
    this.loaded = undefined;
    await this.awaitReady();
  }

  private loaded?: Promise<void>;

  /** `why` goes into the run marker of the log, so a restart in the log says what caused it. */
  private spawnChild(staged: boolean, why?: string) {
    mkdirSync(dirname(this.spec.logFile), { recursive: true });
    const fd = openSync(this.spec.logFile, 'a');
    writeSync(
      fd,
      `${RUN_MARKER}${this.spec.name}${this.spec.instance ? ` #${this.spec.instance}` : ''}${why ? ` (${why})` : ''} at ${new Date().toISOString()}\n`,
    );
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env, ...(staged ? { PLATFORM_STAGED_START: '1' } : {}) },
      stdio: staged ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    if (staged) {
      this.loaded = new Promise((resolve) => child.on('message', (m) => m === 'platform:loaded' && resolve()));
      // Once started, the channel must not keep either side alive.
      child.channel?.unref();
    }
    Object.assign(this.status, { pid: child.pid, state: 'starting', startedAt: new Date().toISOString(), detail: undefined });
    this.onChange();
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    child.once('error', (e) => {
      this.status.detail = e.message;
      this.onChange();
    });
  }

  private async awaitReady() {
    const progress = setInterval(() => this.showProgress(), PROGRESS_EVERY_MS);
    try {
      await this.waitReady(this);
      this.markHealthy();
    } catch (e) {
      if (this.stopping) return;
      // Exited before it was ready: its own last words (a bad variable, a missing module) say why.
      this.status.detail = this.alive
        ? (e as Error).message
        : `its process exited (${this.status.lastExit ?? 'no code yet'}); last lines: ${this.lastLines()}`;
      this.onChange();
      // Not answering in time counts as a crash: the exit handler schedules the next attempt.
      if (this.alive) this.child?.kill('SIGKILL');
      throw e;
    } finally {
      clearInterval(progress);
    }
  }

  private showProgress() {
    if (this.status.state !== 'starting') return;
    let detail: string | undefined;
    try {
      detail = lastProgress(readLastLines(this.spec.logFile, PROGRESS_TAIL_LINES));
    } catch {
      return; // no log yet
    }
    if (!detail || detail === this.status.detail) return;
    this.status.detail = detail;
    this.onChange();
  }

  markHealthy() {
    if (!this.alive) return;
    this.failedProbes = 0;
    if (this.status.state !== 'healthy') this.healthySince = Date.now();
    Object.assign(this.status, { state: 'healthy', detail: undefined });
    if (Date.now() - this.healthySince > STABLE_AFTER_MS) this.failuresInARow = 0;
    this.onChange();
  }

  /** One failed probe is a blip (a peer restarting, a GC pause); two in a row make it unhealthy. */
  markUnhealthy(reason: string) {
    if (!this.alive || this.status.state === 'starting') return;
    if (++this.failedProbes < UNHEALTHY_AFTER) return;
    Object.assign(this.status, { state: 'unhealthy', detail: reason });
    this.onChange();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (child !== this.child) return;
    this.loaded = undefined;
    this.status.lastExit = signal ? `signal ${signal}` : `code ${code}`;
    this.status.pid = undefined;
    if (this.stopping) {
      this.status.state = 'stopped';
      this.onChange();
      return;
    }
    if (this.failuresInARow + 1 >= MAX_FAILURES) {
      this.status.state = 'failed';
      this.status.detail = `exited (${this.status.lastExit}) ${MAX_FAILURES} times in a row; last lines: ${this.lastLines()}`;
      this.onChange();
      return;
    }
    this.status.state = 'crashed';
    const delay = Math.min(500 * 2 ** this.failuresInARow, MAX_BACKOFF_MS);
    this.failuresInARow++;
    this.status.detail = `exited (${this.status.lastExit}); restarting in ${(delay / 1000).toFixed(1)} s`;
    this.onChange();
    this.restartTimer = setTimeout(() => this.restart(), delay);
  }

  private restart() {
    if (this.stopping) return;
    this.status.restarts++;
    this.spawnChild(false, `restart ${this.status.restarts}, after it exited with ${this.status.lastExit}`);
    this.awaitReady().catch(() => {});
  }

  private lastLines(): string {
    try {
      return (
        // The end of the log only: it grows to PLATFORM_LOG_MAX_MB before it rotates.
        tailOfLastRun(readLastLines(this.spec.logFile, REASON_LINES * 10), REASON_LINES)
          .split('\n')
          .filter((l) => !l.startsWith('--- platform:'))
          .join(' | ') || '(no output)'
      );
    } catch {
      return '(no log)';
    }
  }

  /** Kills the process as a crash would (for demos and tests): the supervisor restarts it. */
  crash() {
    this.child?.kill('SIGKILL');
  }

  /** Stops it for good (until the next start); calling it again while it stops waits for the same exit. */
  stop(graceMs = 8000): Promise<void> {
    if (this.stopping && this.exited) return this.exited;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.alive) {
      this.status.state = 'stopped';
      this.onChange();
      return Promise.resolve();
    }
    this.exited = new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        this.exited = undefined;
        resolve();
      });
    });
    child.kill('SIGTERM');
    return this.exited;
  }

  private exited?: Promise<void>;
}
