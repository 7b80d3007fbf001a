import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveControl, type SupervisorControl, type Target } from './control-server.js';
import type { StackState } from '../stack/state.js';

const TOKEN = 'test-token-0123456789';

describe('control API: POST /restart', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function start() {
    const restarts: { target: Target; env?: Record<string, string> }[] = [];
    const control: SupervisorControl = {
      status: () => ({}) as StackState,
      setDesired: async () => ({}),
      restart: async (target, env) => void restarts.push({ target, env }),
      kill: () => {},
      stop: async () => {},
    };
    const served = await serveControl(control, TOKEN);
    server = served.server;
    const post = (body: unknown, token = TOKEN) =>
      fetch(`http://127.0.0.1:${served.port}/restart`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    return { restarts, post };
  }

  it('passes the variables to set for the restarted instances', async () => {
    const { restarts, post } = await start();
    expect((await post({ name: 'payments', env: { OTEL_SDK_DISABLED: 'true' } })).status).toBe(200);
    expect((await post({ name: 'ledger', instance: 1 })).status).toBe(200);
    expect(restarts).toEqual([
      { target: { name: 'payments', instance: undefined }, env: { OTEL_SDK_DISABLED: 'true' } },
      { target: { name: 'ledger', instance: 1 }, env: undefined },
    ]);
  });

  it('refuses env that is not a map of strings (400), and any request without the token (401)', async () => {
    const { restarts, post } = await start();
    const bad = await post({ name: 'payments', env: { OTEL_SDK_DISABLED: true } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: '"env" must map variable names to strings' });
    expect((await post({ name: 'payments', env: ['A=1'] })).status).toBe(400);
    expect((await post({ name: 'payments', env: { A: '1' } }, 'wrong-token-0123456789')).status).toBe(401);
    expect(restarts).toEqual([]);
  });
});
