import { describe, expect, it } from 'vitest';
import { formatMessage, jsonForm, matchesAll, parseFilter, type TailMessage } from './tail.js';
import { parseAcks } from './produce.js';

const msg = (over: Partial<TailMessage> = {}): TailMessage => ({
  topic: 'payments.events',
  partition: 1,
  offset: '42',
  timestamp: String(Date.UTC(2025, 0, 2, 3, 4, 5)),
  key: 'pay_1',
  headers: { 'event-type': 'payment.captured' },
  value: JSON.stringify({ status: 'captured', amount: 500, payer: { id: 'cus_alice' } }),
  ...over,
});

describe('parseFilter', () => {
  it('reads key, header, value paths and negation', () => {
    expect(parseFilter('key=abc')).toEqual({ on: 'key', expected: 'abc', negate: false });
    expect(parseFilter('header.event-type=payment.captured')).toEqual({
      on: 'header',
      name: 'event-type',
      expected: 'payment.captured',
      negate: false,
    });
    expect(parseFilter('value.payer.id!=cus_bob')).toEqual({ on: 'value', path: ['payer', 'id'], expected: 'cus_bob', negate: true });
    expect(parseFilter('key=a=b')).toMatchObject({ expected: 'a=b' });
  });
  it('rejects what it cannot read', () => {
    expect(() => parseFilter('status')).toThrow(/invalid filter "status"/);
    expect(() => parseFilter('body.x=1')).toThrow(/"body.x" is not key/);
  });
});

describe('matchesAll', () => {
  const f = (...specs: string[]) => specs.map(parseFilter);
  it('matches keys, headers and JSON fields (numbers as text)', () => {
    expect(
      matchesAll(
        msg(),
        f('key=pay_1', 'header.event-type=payment.captured', 'value.status=captured', 'value.amount=500', 'value.payer.id=cus_alice'),
      ),
    ).toBe(true);
    expect(matchesAll(msg(), f('partition=1'))).toBe(true);
  });
  it('fails on any mismatch, missing field or non-JSON value', () => {
    expect(matchesAll(msg(), f('key=pay_2'))).toBe(false);
    expect(matchesAll(msg(), f('header.missing=x'))).toBe(false);
    expect(matchesAll(msg(), f('value.status=failed'))).toBe(false);
    expect(matchesAll(msg({ value: 'not json' }), f('value.status=captured'))).toBe(false);
    expect(matchesAll(msg({ key: null }), f('key=pay_1'))).toBe(false);
  });
  it('negates with !=', () => {
    expect(matchesAll(msg(), f('value.status!=failed'))).toBe(true);
    expect(matchesAll(msg(), f('value.status!=captured'))).toBe(false);
  });
});

describe('formatMessage', () => {
  it('json: one line with the value parsed and an ISO timestamp', () => {
    const line = formatMessage(msg(), 'json');
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      ...jsonForm(msg()),
      timestamp: '2025-01-02T03:04:05.000Z',
      value: { status: 'captured', amount: 500, payer: { id: 'cus_alice' } },
    });
  });
  it('raw: the value only', () => expect(formatMessage(msg({ value: 'hello' }), 'raw')).toBe('hello'));
  it('pretty: topic, partition, offset, key, headers and the value', () => {
    const text = formatMessage(msg(), 'pretty');
    for (const part of ['payments.events', '[1] @ 42', 'pay_1', 'event-type:', 'payment.captured', '"status": "captured"'])
      expect(text).toContain(part);
  });
});

describe('parseAcks', () => {
  it.each([
    ['all', -1],
    ['-1', -1],
    ['1', 1],
    ['0', 0],
  ])('%s -> %s', (t, v) => expect(parseAcks(t)).toBe(v));
  it('rejects others', () => expect(() => parseAcks('2')).toThrow(/--acks/));
});
