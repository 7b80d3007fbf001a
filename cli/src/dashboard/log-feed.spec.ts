import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogFeed, matches, parseLogLine } from './log-feed.js';
import { preview } from './api/kafka.js';

const json = (o: Record<string, unknown>) => JSON.stringify({ time: '2026-01-01T00:00:00.000Z', level: 'info', service: 'payments', ...o });

describe('parseLogLine / matches', () => {
  it('reads nest-kit JSON lines, keeping ids and the rest as extra', () => {
    const e = parseLogLine('payments', json({ msg: 'captured', correlationId: 'c1', traceId: 't1', context: 'Svc', paymentId: 'pay_1' }));
    expect(e).toMatchObject({
      source: 'payments',
      level: 'info',
      msg: 'captured',
      correlationId: 'c1',
      traceId: 't1',
      context: 'Svc',
      extra: { paymentId: 'pay_1' },
    });
  });
  it('reads plain lines with a level guessed from the text', () => {
    expect(parseLogLine('kafka', '[2026-01-01 00:00:01,000] ERROR boom')).toMatchObject({
      level: 'error',
      time: Date.parse('2026-01-01T00:00:01.000Z'),
    });
  });
  it('filters by service (any instance), level, ids and text in message or fields', () => {
    const e = parseLogLine('payments-1', json({ msg: 'captured', correlationId: 'c1', paymentId: 'pay_9' }));
    expect(matches(e, { sources: ['payments'] })).toBe(true);
    expect(matches(e, { sources: ['ledger'] })).toBe(false);
    expect(matches(e, { levels: ['error'] })).toBe(false);
    expect(matches(e, { correlationId: 'c1', text: 'PAY_9' })).toBe(true);
    expect(matches(e, { correlationId: 'c2' })).toBe(false);
    expect(matches(e, { traceId: 't1' })).toBe(false);
  });
});

describe('LogFeed', () => {
  it('merges the files, follows new lines and keeps a cut line until it is whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logs-'));
    writeFileSync(join(dir, 'ledger.log'), json({ msg: 'one', service: 'ledger' }) + '\n');
    const feed = new LogFeed(dir);
    const seen: string[] = [];
    const off = feed.subscribe((lines) => seen.push(...lines.map((l) => l.msg)));
    expect(feed.recent({}, 10).map((l) => l.msg)).toEqual(['one']);
    appendFileSync(join(dir, 'payments.log'), json({ msg: 'two' }) + '\n' + '{"msg":"thr');
    await new Promise((r) => setTimeout(r, 1300));
    appendFileSync(join(dir, 'payments.log'), 'ee"}\n');
    await new Promise((r) => setTimeout(r, 1300));
    off();
    expect(seen).toEqual(['two', 'three']);
    expect(feed.sources()).toEqual(['ledger', 'payments']);
  });
});

describe('preview', () => {
  it('cuts a big value to a preview and says so, with the full size', () => {
    const big = preview({ topic: 't', partition: 0, offset: '1', timestamp: '0', key: null, headers: {}, value: 'x'.repeat(1_000_000) });
    expect(big).toMatchObject({ size: 1_000_000, truncated: true });
    expect(big.value!.length).toBe(8192);
    expect(preview({ topic: 't', partition: 0, offset: '1', timestamp: '0', key: null, headers: {}, value: 'é' })).toMatchObject({
      size: 2,
      truncated: false,
      value: 'é',
    });
  });
});
