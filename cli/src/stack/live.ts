import { unreachableError } from '../errors.js';
import { isAlive, readState, type StackState } from './state.js';

/**
 * The running stack, or undefined when none is running. The supervisor rewrites state.json
 * (atomically) on every change, so reading it is as current as asking it, and costs no round trip.
 */
export async function liveState(stateDir: string): Promise<StackState | undefined> {
  const saved = readState(stateDir);
  return saved && isAlive(saved.supervisorPid) ? saved : undefined;
}

/** Like liveState, but a stack that is not running is an error with the fix. */
export async function requireStack(stateDir: string): Promise<StackState> {
  const state = await liveState(stateDir);
  if (!state) throw unreachableError('the stack is not running', 'start it with `platform up`');
  return state;
}
