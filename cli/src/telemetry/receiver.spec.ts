import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetryReceiver, type TelemetryReceiver } from './receiver.js';
import { SpanStore } from './span-store.js';

const span = (traceId: string) => ({
  traceId,
  spanId: '00f067aa0ba902b7',
  name: 'GET /x',
  kind: 2,
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000005000000',
});
const body = (traceId: string) =>
  JSON.stringify({
    resourceSpans: [
      { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'app' } }] }, scopeSpans: [{ spans: [span(traceId)] }] },
    ],
  });

describe('OTLP/HTTP receiver', () => {
  let dir: string;
  let receiver: TelemetryReceiver;
  const post = (payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${receiver.endpoint}/v1/traces`, { method: 'POST', headers, body: payload });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'receiver-'));
    receiver = await startTelemetryReceiver({ stateDir: dir, port: 0, capacity: 100 });
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores JSON and gzipped JSON spans, in memory and in its file', async () => {
    expect((await post(body('1'.repeat(32)))).status).toBe(200);
    expect((await post(gzipSync(body('2'.repeat(32))), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(
      200,
    );
    expect(receiver.store.find('1'.repeat(32))).toMatchObject([{ service: 'app', name: 'GET /x', kind: 'server', durationMs: 5 }]);
    expect(SpanStore.load(join(dir, 'traces', 'spans.ndjson')).size).toBe(2);
  });

  it('answers malformed payloads with 400 and keeps running', async () => {
    const bad = await post('{"resourceSpans": [');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringContaining('malformed OTLP payload') });
    expect((await post('{"spans": []}')).status).toBe(400);
    expect((await post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await post(body('3'.repeat(32)))).status).toBe(200);
    expect(receiver.stats.malformed).toBe(3);
  });

  it('reports spans it could not keep as a partial success', async () => {
    const res = await post(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span('4'.repeat(32)), { name: 'no ids' }] }] }] }));
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: expect.any(String) } });
  });

  it('takes metrics and logs without keeping them, and refuses anything else', async () => {
    expect((await fetch(`${receiver.endpoint}/v1/metrics`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await fetch(`${receiver.endpoint}/v1/traces`)).status).toBe(404);
  });
});
