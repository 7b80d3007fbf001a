import { request } from 'node:http';
import type { StackState } from '../stack/state.js';
import { failedError, unreachableError, usageError } from '../errors.js';

/**
 * Calls the supervisor's control API (see control-server.ts) with the stack's token. A request it
 * refuses as given (unknown service, bad count) is a usage error; no answer is "unreachable".
 */
export function control(
  state: StackState,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 120_000,
): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { authorization: `Bearer ${state.controlToken}` };
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: state.controlPort, method, path, headers, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let answer: { error?: string } = {};
        try {
          answer = JSON.parse(text);
        } catch {
          /* an empty or cut answer: judged by the status code alone */
        }
        const code = res.statusCode ?? 500;
        if (code === 400) reject(usageError(answer.error ?? `the supervisor refused ${path}`));
        else if (code === 409) reject(failedError(answer.error ?? 'not converged', 'see `platform status` and `platform logs <service>`'));
        else if (code >= 400)
          reject(unreachableError(`the supervisor refused ${method} ${path}: ${answer.error ?? code}`, 'see `platform logs supervisor`'));
        else resolve(answer);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) =>
      reject(
        unreachableError(
          `the supervisor did not answer ${path}: ${e.message}`,
          'see `platform logs supervisor`; `platform down` stops everything by pid',
        ),
      ),
    );
    req.end(payload);
  });
}

/** Changes the desired instances per service; with `wait`, answers once they run healthy (or one failed). */
export function setDesired(
  state: StackState,
  instances: Record<string, number>,
  opts: { retry?: boolean; wait?: boolean } = {},
): Promise<unknown> {
  return control(state, 'PUT', '/desired', { instances, ...opts });
}

export const stopStack = (state: StackState) => control(state, 'POST', '/stop', undefined, 60_000);
