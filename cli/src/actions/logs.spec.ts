import { describe, expect, it } from 'vitest';
import { formatLine, parseSince, parseTail, timedLines } from './logs.action.js';

describe('parseSince', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('reads durations and dates', () => {
    expect(parseSince('30s', now)).toBe(now - 30_000);
    expect(parseSince('5m', now)).toBe(now - 300_000);
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('2026-01-01T11:00:00Z', now)).toBe(Date.parse('2026-01-01T11:00:00Z'));
  });
  it('refuses anything else with an example', () => {
    expect(() => parseSince('yesterday')).toThrow(/--since "yesterday"/);
  });
});

describe('formatLine', () => {
  it('turns a service JSON line into level, context, message, correlation id and extras', () => {
    const { time, text } = formatLine(
      '{"time":"2026-01-01T00:00:00.000Z","level":"warn","service":"a","context":"Relay","msg":"retrying","correlationId":"c1","attempt":2}',
    );
    expect(time).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(text).toContain('warn');
    expect(text).toContain('[Relay] retrying');
    expect(text).toContain('cid=c1');
    expect(text).toContain('"attempt":2');
  });
  it('reads the pino lines of nest-kit services: numeric-free level label, trace id beside the correlation id', () => {
    const { text } = formatLine(
      '{"level":"info","time":"2026-01-01T00:00:00.000Z","service":"payments","correlationId":"c1","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","context":"PaymentsService","msg":"payment created"}',
    );
    expect(text).toContain('[PaymentsService] payment created');
    expect(text).toContain('cid=c1 trace=4bf92f3577b34da6a3ce929d0e0e4736');
    expect(text).not.toContain('spanId');
  });
  it('passes other lines through, with their time when they lead with one', () => {
    expect(formatLine('[2026] INFO kafka started')).toEqual({ text: '[2026] INFO kafka started' });
    expect(formatLine('[2026-01-01 10:00:00,250] INFO [BrokerServer id=1] started').time).toBe(Date.parse('2026-01-01T10:00:00.250Z'));
    expect(formatLine('2026-01-01T10:00:00.000Z supervisor: stack is ready').time).toBe(Date.parse('2026-01-01T10:00:00.000Z'));
    expect(formatLine('--- platform: starting kafka at 2026-01-01T10:00:00.000Z').time).toBe(Date.parse('2026-01-01T10:00:00.000Z'));
  });
});

describe('timedLines', () => {
  const at = (iso: string) => JSON.stringify({ time: iso, level: 'info', msg: iso });
  it('gives a line without a time the time of the line before it', () => {
    const lines = timedLines(
      [at('2026-01-01T00:00:01.000Z'), 'java.net.SocketException: reset', '\tat x.y(Z.java:1)', at('2026-01-01T00:00:02.000Z')].join('\n'),
    );
    expect(lines.map((l) => l.time)).toEqual([1767225601000, 1767225601000, 1767225601000, 1767225602000]);
  });

  it('gives the lines before the first timed one (a tail that starts mid-trace) the first time that follows, not 0', () => {
    const lines = timedLines(['\tat x.y(Z.java:1)', '\tat x.z(Z.java:2)', at('2026-01-01T00:00:03.000Z'), ''].join('\n'));
    expect(lines.map((l) => l.time)).toEqual([1767225603000, 1767225603000, 1767225603000]);
  });

  it('keeps a file without any time in its order, at 0', () => {
    expect(timedLines('a\nb\n').map((l) => [l.time, l.text])).toEqual([
      [0, 'a'],
      [0, 'b'],
    ]);
  });
});

describe('--tail', () => {
  it('reads a number of lines or all, and refuses anything else with an example', () => {
    expect(parseTail('20')).toBe(20);
    expect(parseTail('0')).toBe(0);
    expect(parseTail('all')).toBeUndefined();
    expect(parseTail(undefined)).toBeUndefined();
    expect(() => parseTail('-5')).toThrow(/--tail "-5" is not a number of lines/);
    expect(() => parseTail('ten')).toThrow(/--tail "ten"/);
  });
});
