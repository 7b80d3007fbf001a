import { describe, expect, it } from 'vitest';
import { parsePattern, percentile, summarize } from './send.js';
import { parseHostPort, parseServiceTarget } from './address.js';

describe('parsePattern', () => {
  it('keeps string patterns', () => expect(parsePattern('payments.get')).toBe('payments.get'));
  it('parses object patterns', () => expect(parsePattern('{"cmd":"sum","v":1}')).toEqual({ cmd: 'sum', v: 1 }));
  it('reports malformed object patterns as usage errors', () =>
    expect(() => parsePattern('{"cmd":}')).toThrow(/not valid JSON at line 1, column 8/));
});

describe('percentile (nearest rank)', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [50, 50],
    [90, 90],
    [99, 99],
    [100, 100],
    [0, 1],
  ])('p%s of 1..100 = %s', (p, v) => expect(percentile(xs, p)).toBe(v));
  it('handles tiny and empty inputs', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([1, 2], 51)).toBe(2);
  });
});

describe('summarize', () => {
  it('computes throughput, mean and percentiles from unsorted latencies', () => {
    const s = summarize([5, 1, 3, 2, 4], 1000, 1, 2, 'boom');
    expect(s).toMatchObject({ requests: 5, ok: 4, errors: 1, concurrency: 2, throughput: 5, firstError: 'boom' });
    expect(s.latencyMs).toEqual({ min: 1, mean: 3, p50: 3, p90: 5, p95: 5, p99: 5, max: 5 });
  });
});

describe('service targets', () => {
  it('reads host:port forms', () => {
    expect(parseHostPort('127.0.0.1:4001')).toEqual({ host: '127.0.0.1', port: 4001 });
    expect(parseHostPort(':4001')).toEqual({ host: '127.0.0.1', port: 4001 });
    expect(parseHostPort('4001')).toEqual({ host: '127.0.0.1', port: 4001 });
    expect(parseHostPort('[::1]:4001')).toEqual({ host: '::1', port: 4001 });
    expect(parseHostPort('payments')).toBeUndefined();
    expect(() => parseHostPort('h:70000')).toThrow(/port must be/);
  });
  it('reads names with an optional instance', () => {
    expect(parseServiceTarget('payments')).toEqual({ name: 'payments', instance: 0 });
    expect(parseServiceTarget('payments#2')).toEqual({ name: 'payments', instance: 2 });
    expect(() => parseServiceTarget('Pay ments')).toThrow(/neither a service name nor host:port/);
  });
});
