import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { previousSegment, SpanStore } from './span-store.js';
import { CORRELATION_ATTRIBUTE, type SpanRecord } from './span.js';

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
function span(trace: number, id: number, extra: Partial<SpanRecord> = {}): SpanRecord {
  return {
    traceId: hex(trace, 32),
    spanId: hex(id, 16),
    name: `op${id}`,
    kind: 'server',
    service: 'svc',
    start: 1_000 * trace + id,
    durationMs: 5,
    status: 'unset',
    attributes: {},
    ...extra,
  };
}

describe('SpanStore', () => {
  const dirs: string[] = [];
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), 'spans-'));
    dirs.push(dir);
    return join(dir, 'traces', 'spans.ndjson');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds a trace by id and by correlation id (the newest trace of that id)', () => {
    const store = new SpanStore(100);
    store.add([span(1, 1, { attributes: { [CORRELATION_ATTRIBUTE]: 'c-1' } }), span(1, 2, { parentSpanId: hex(1, 16) })]);
    store.add([span(2, 3, { attributes: { [CORRELATION_ATTRIBUTE]: 'c-1' } })]);
    expect(store.find(hex(1, 32)).map((s) => s.name)).toEqual(['op1', 'op2']);
    expect(store.find('c-1').map((s) => s.traceId)).toEqual([hex(2, 32)]);
    expect(store.traceIdsFor('c-1')).toEqual([hex(2, 32), hex(1, 32)]);
    expect(store.find('nope')).toEqual([]);
  });

  it('stays within its capacity by dropping the oldest traces whole', () => {
    const store = new SpanStore(5);
    for (let t = 1; t <= 4; t++) store.add([span(t, 10 * t), span(t, 10 * t + 1)]);
    expect(store.size).toBeLessThanOrEqual(5);
    expect(store.find(hex(1, 32))).toEqual([]);
    expect(store.find(hex(4, 32))).toHaveLength(2);
    expect(store.recent(10).map((t) => t.traceId)).toEqual([hex(4, 32), hex(3, 32)]);
  });

  it('survives a restart through its file, skips a half-written line, and rotates the file at its capacity', () => {
    const f = file();
    const store = new SpanStore(4, f);
    store.add([span(1, 1), span(1, 2)]);
    store.add([span(2, 3)]);
    appendFileSync(f, '{"traceId":"half');
    const reloaded = SpanStore.load(f, 4);
    expect(reloaded.find(hex(1, 32))).toHaveLength(2);
    expect(reloaded.size).toBe(3);
    for (let t = 3; t <= 8; t++) reloaded.add([span(t, 10 * t)]);
    // Two segments, each at most the capacity (plus the batch that crossed it): the newest spans.
    const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');
    expect(lines(f).length).toBeLessThanOrEqual(4);
    expect(lines(previousSegment(f)).length).toBeLessThanOrEqual(5);
    const again = SpanStore.load(f, 4);
    expect(again.recent(1)[0].traceId).toBe(hex(8, 32));
    expect(again.size).toBeLessThanOrEqual(4);
    expect(again.find(hex(1, 32))).toEqual([]);
  });

  it('tells its listeners of every add until they unsubscribe', () => {
    const store = new SpanStore(100);
    let calls = 0;
    const unsubscribe = store.onAdd(() => calls++);
    store.add([span(1, 1)]);
    store.add([]);
    store.add([span(2, 2)]);
    unsubscribe();
    store.add([span(3, 3)]);
    expect(calls).toBe(2);
  });

  it('summarises a trace: root, duration, errors, services', () => {
    const store = new SpanStore(100);
    store.add([
      span(1, 1, { service: 'gateway', durationMs: 50 }),
      span(1, 2, { parentSpanId: hex(1, 16), service: 'payments', start: 1_010, durationMs: 60, status: 'error' }),
    ]);
    expect(store.recent(1)[0]).toMatchObject({
      root: { service: 'gateway', name: 'op1' },
      durationMs: 69,
      spans: 2,
      errors: 1,
      services: ['gateway', 'payments'],
    });
  });
});
