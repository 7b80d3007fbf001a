import { describe, expect, it } from 'vitest';
import { formatLine, parseSince } from './logs.action.js';

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
