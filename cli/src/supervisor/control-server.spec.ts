import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveControl, type SupervisorControl, type Target } from './control-server.js';
import type { StackState } from '../stack/state.js';
import { SpanStore } from '../telemetry/span-store.js';

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
      spans: () => undefined,
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

describe('control API: GET /traces', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  const span = (traceId: string, spanId: string, start: number) => ({
    traceId,
    spanId,
    name: 'payments.create',
    kind: 'server' as const,
    service: 'payments',
    start,
    durationMs: 2,
    status: 'unset' as const,
    attributes: { 'platform.correlation_id': `corr-${traceId}` },
  });

  async function start(store: SpanStore | undefined) {
    const control: SupervisorControl = {
      status: () => ({}) as StackState,
      setDesired: async () => ({}),
      restart: async () => {},
      kill: () => {},
      stop: async () => {},
      spans: () => store,
    };
    const served = await serveControl(control, TOKEN);
    server = served.server;
    return (path: string, token = TOKEN) =>
      fetch(`http://127.0.0.1:${served.port}${path}`, { headers: { authorization: `Bearer ${token}` } });
  }

  it('answers a trace by trace or correlation id, and the newest traces, from the live store', async () => {
    const store = new SpanStore(100);
    store.add([span('a'.repeat(32), '1'.repeat(16), 1000), span('b'.repeat(32), '2'.repeat(16), 2000)]);
    const get = await start(store);
    expect(await (await get(`/traces/${'a'.repeat(32)}`)).json()).toMatchObject({ spans: [{ spanId: '1'.repeat(16) }] });
    expect(await (await get(`/traces/corr-${'b'.repeat(32)}`)).json()).toMatchObject({ spans: [{ spanId: '2'.repeat(16) }] });
    expect(await (await get('/traces/nothing-like-it')).json()).toEqual({ spans: [] });
    const recent = (await (await get('/traces?last=1')).json()) as { traces: { traceId: string }[] };
    expect(recent.traces.map((t) => t.traceId)).toEqual(['b'.repeat(32)]);
    expect((await get('/traces?last=0')).status).toBe(400);
    expect((await get('/traces/%E0%A4%A')).status).toBe(400);
    expect((await get('/traces', 'wrong-token-0123456789')).status).toBe(401);
  });

  it('says so when the stack runs without a receiver (404), so readers fall back to the file', async () => {
    const get = await start(undefined);
    const res = await get('/traces/x');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringContaining('trace receiver is not running') });
  });
});
