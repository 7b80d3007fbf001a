import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ProcessState = 'pending' | 'starting' | 'healthy' | 'unhealthy' | 'crashed' | 'restarting' | 'stopped' | 'failed';

export interface ProcessStatus {
  name: string;
  kind: 'kafka' | 'mongo' | 'service';
  instance: number;
  address: string;
  pid?: number;
  state: ProcessState;
  restarts: number;
  startedAt?: string;
  lastExit?: string;
  detail?: string;
  /** Filled in by `status` for Kafka consumers: lag per group and dead letters. */
  extra?: Record<string, unknown>;
}

export interface StackState {
  supervisorPid: number;
  controlPort: number;
  provider: 'native' | 'docker' | 'external';
  phase: 'starting' | 'ready' | 'failed' | 'stopping';
  startedAt: string;
  readyAt?: string;
  error?: string;
  kafkaBrokers: string[];
  mongoUrl: string;
  processes: ProcessStatus[];
  /** The dashboard's address (its token is in dashboard.token beside this file), or why it did not start. */
  dashboard?: { url: string; error?: string };
}

const STATE_FILE = 'state.json';

export function readState(stateDir: string): StackState | undefined {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/** Written atomically (rename), so a reader never sees half a file. */
export function writeState(stateDir: string, state: StackState): void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, STATE_FILE);
  writeFileSync(file + '.tmp', JSON.stringify(state, null, 2));
  renameSync(file + '.tmp', file);
}

export function clearState(stateDir: string): void {
  rmSync(join(stateDir, STATE_FILE), { force: true });
}

/** True for a running process; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) STATE ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
