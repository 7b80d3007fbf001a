import { isAlive, readState, type StackState } from '../stack/state.js';
import { unreachableError } from '../errors.js';

/** The running stack as the supervisor sees it now, or undefined when none is running. */
export async function liveState(stateDir: string): Promise<StackState | undefined> {
  const saved = readState(stateDir);
  if (!saved || !isAlive(saved.supervisorPid)) return undefined;
  try {
    const res = await fetch(`http://127.0.0.1:${saved.controlPort}/status`, { signal: AbortSignal.timeout(2000) });
    return (await res.json()) as StackState;
  } catch {
    return saved;
  }
}

/** Like liveState, but a stack that is not running is an error with the fix. */
export async function requireStack(stateDir: string): Promise<StackState> {
  const state = await liveState(stateDir);
  if (!state) throw unreachableError('the stack is not running', 'start it with `platform up`');
  return state;
}

/** Sends a command to the supervisor (`stop`, `kill`, `restart`, `scale`). */
export async function control(state: StackState, action: string, params: Record<string, string | number> = {}, timeoutMs = 120_000): Promise<unknown> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`http://127.0.0.1:${state.controlPort}/${action}?${qs}`, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.json()) as { error?: string };
  if (!res.ok) throw unreachableError(`supervisor refused ${action}: ${body.error}`);
  return body;
}
