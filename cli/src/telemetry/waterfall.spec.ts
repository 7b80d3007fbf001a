import { describe, expect, it } from 'vitest';
import { operationOf, renderWaterfall, waterfallRows } from './waterfall.js';
import type { SpanRecord } from './span.js';

const T = 'a'.repeat(32);
const span = (id: string, parent: string | undefined, start: number, durationMs: number, extra: Partial<SpanRecord> = {}): SpanRecord => ({
  traceId: T,
  spanId: id.padStart(16, '0'),
  ...(parent ? { parentSpanId: parent.padStart(16, '0') } : {}),
  name: `op-${id}`,
  kind: 'internal',
  service: 'svc',
  start,
  durationMs,
  status: 'unset',
  attributes: {},
  ...extra,
});

describe('waterfall', () => {
  const spans = [
    span('3', '1', 1_030, 10, {
      service: 'ledger',
      kind: 'consumer',
      name: 'process payments.events',
      attributes: { 'messaging.destination.partition.id': '2' },
    }),
    span('1', undefined, 1_000, 100, {
      service: 'gateway',
      kind: 'server',
      name: 'POST /payments',
      attributes: { 'http.response.status_code': 201 },
    }),
    span('2', '1', 1_010, 15, {
      service: 'payments',
      kind: 'client',
      name: 'insert payments',
      attributes: { 'db.system.name': 'mongodb', 'db.collection.name': 'payments' },
    }),
    span('4', 'f', 1_005, 1, { name: 'orphan' }),
  ];

  it('orders parents before children and siblings by start; a span whose parent never arrived is a root', () => {
    expect(waterfallRows(spans).map((r) => [r.span.name, r.depth, r.offsetMs])).toEqual([
      ['POST /payments', 0, 0],
      ['insert payments', 1, 10],
      ['process payments.events', 1, 30],
      ['orphan', 0, 5],
    ]);
  });

  it('says where: HTTP status, Kafka partition; a Mongo span already named by its collection is left as is', () => {
    expect(operationOf(spans[1])).toBe('POST /payments 201');
    expect(operationOf(spans[0])).toBe('process payments.events partition 2');
    expect(operationOf(spans[2])).toBe('insert payments');
  });

  it('prints one line per span with offset, duration, service, and an error message', () => {
    const text = renderWaterfall([
      ...spans.slice(0, 3),
      span('5', '2', 1_012, 2, { service: 'payments', name: 'update payments', status: 'error', statusMessage: 'E11000 duplicate key' }),
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^\s+\+0\.0 ms\s+100\.0 ms\s+gateway\s+POST \/payments 201 \(server\)/);
    expect(lines[3]).toMatch(/\+12\.0 ms\s+2\.0 ms\s+payments\s+update payments \(internal\).*E11000 duplicate key$/);
  });
});
