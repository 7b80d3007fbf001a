import { request } from 'node:http';
import { isAlive, readState, type StackState } from '../stack/state.js';
import { unreachableError } from '../errors.js';

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

/** Sends a command to the supervisor (`stop`, `kill`, `restart`, `scale`) over its loopback port. */
export function control(state: StackState, action: string, params: Record<string, string | number> = {}, timeoutMs = 120_000): Promise<unknown> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: state.controlPort, method: 'POST', path: `/${action}?${qs}`, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let body: { error?: string } = {};
        try {
          body = JSON.parse(text);
        } catch {
          /* an empty or cut answer: judged by the status code alone */
        }
        if ((res.statusCode ?? 500) >= 400) reject(unreachableError(`supervisor refused ${action}: ${body.error ?? res.statusCode}`));
        else resolve(body);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => reject(unreachableError(`the supervisor did not answer ${action}: ${e.message}`, 'see `platform logs supervisor`; `platform down` stops everything by pid')));
    req.end();
  });
}
