import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ProcessState = 'pending' | 'starting' | 'healthy' | 'unhealthy' | 'crashed' | 'restarting' | 'stopped' | 'failed';

/** Where a process listens, for scripts: one port per transport (tcp, http, kafka, mongo, controller). */
export interface Endpoint {
  host: string;
  ports: Record<string, number>;
}

export interface ProcessStatus {
  name: string;
  kind: 'kafka' | 'mongo' | 'service';
  instance: number;
  /** For people: "tcp 127.0.0.1:4001, http 127.0.0.1:3000". */
  address: string;
  endpoint?: Endpoint;
  /** False for infrastructure this stack only uses (docker, external): it cannot kill or restart it. */
  managed?: boolean;
  pid?: number;
  state: ProcessState;
  restarts: number;
  startedAt?: string;
  lastExit?: string;
  /** Why it is not healthy: what it waits for, its last log lines, the probe that failed. */
  detail?: string;
  /** Filled in by `status` for Kafka consumers: lag per group and dead letters. */
  extra?: Record<string, unknown>;
}

export interface StackState {
  supervisorPid: number;
  controlPort: number;
  /** Sent as `Authorization: Bearer <token>` to the control port; state.json is readable by its owner only. */
  controlToken: string;
  provider: 'native' | 'docker' | 'external';
  phase: 'starting' | 'ready' | 'failed' | 'stopping';
  startedAt: string;
  readyAt?: string;
  error?: string;
  kafkaBrokers: string[];
  mongoUrl: string;
  /** PLATFORM_PORT_OFFSET when the stack started (absent in states written before it was recorded). */
  portOffset?: number;
  /** The desired state: instances per service. The supervisor converges the processes to it. */
  desired: Record<string, number>;
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
  writeFileSync(file + '.tmp', JSON.stringify(state, null, 2), { mode: 0o600 });
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
