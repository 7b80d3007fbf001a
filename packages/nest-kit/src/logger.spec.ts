import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { inBatches, logLevel, PinoLoggerService } from './logger.js';
import { withCorrelationId } from './correlation.js';

const manager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(manager);
afterAll(() => context.disable());

function capture() {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      lines.push(
        ...String(chunk)
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l)),
      );
      done();
    },
  });
  return { lines, logger: new PinoLoggerService('payments', out) };
}

describe('PinoLoggerService', () => {
  it('writes one JSON line per call with level label, ISO time, service, context and message', () => {
    const { lines, logger } = capture();
    logger.log('started', 'Bootstrap');
    logger.warn({ msg: 'retrying', attempt: 2 });
    expect(lines[0]).toMatchObject({ level: 'info', service: 'payments', context: 'Bootstrap', msg: 'started' });
    expect(Date.parse(lines[0].time as string)).not.toBeNaN();
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'retrying', attempt: 2 });
  });

  it('carries the correlation id and the active span ids', () => {
    const { lines, logger } = capture();
    const span = new BasicTracerProvider().getTracer('t').startSpan('op');
    context.with(trace.setSpan(context.active(), span), () => withCorrelationId('corr-1', () => logger.log('inside')));
    logger.log('outside');
    expect(lines[0]).toMatchObject({ correlationId: 'corr-1', traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
    expect(lines[1].traceId).toBeUndefined();
  });

  it('masks card numbers anywhere in the line, and keeps an error message and stack', () => {
    const { lines, logger } = capture();
    logger.log({ msg: 'payload', body: { card: '4111 1111 1111 1111' } });
    logger.error(new Error('charge of 4111111111111111 failed'));
    expect(JSON.stringify(lines)).not.toMatch(/4111 ?1111 ?1111 ?1111/);
    expect(lines[0]).toMatchObject({ body: { card: '****1111' } });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'charge of ****1111 failed' });
    expect((lines[1].err as { stack: string }).stack).toContain('logger.spec');
  });
});

describe('logLevel', () => {
  it("takes pino's levels, Nest's log and verbose, and defaults to info", () => {
    expect(logLevel(undefined)).toBe('info');
    expect(logLevel(' DEBUG ')).toBe('debug');
    expect(logLevel('log')).toBe('info');
    expect(logLevel('verbose')).toBe('trace');
  });

  it('refuses anything else, naming the value and the levels there are', () => {
    expect(() => logLevel('loud')).toThrow(
      'LOG_LEVEL="loud" is not a log level: use one of fatal, error, warn, info, debug, trace, silent',
    );
  });
});

describe('inBatches', () => {
  it('writes the lines of 50 ms at once, at 4 KiB sooner, and schedules nothing while idle', () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      const out = inBatches({ write: (text: string) => writes.push(text) });
      out.write('a\n');
      out.write('b\n');
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(49);
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(writes).toEqual(['a\nb\n']);
      expect(vi.getTimerCount()).toBe(0);
      const line = `${'x'.repeat(99)}\n`;
      for (let i = 0; i < 41; i++) out.write(line);
      expect(writes.slice(1)).toEqual([line.repeat(41)]);
      expect(vi.getTimerCount()).toBe(0);
      out.write('c\n');
      out.flush();
      expect(writes.at(-1)).toBe('c\n');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
