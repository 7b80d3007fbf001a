import { ROOT_CONTEXT, context, propagation, trace, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

/** The span attribute that joins a trace to the request's correlation id (`platform trace <correlationId>`). */
export const CORRELATION_ATTRIBUTE = 'platform.correlation_id';

/** W3C trace context of the current span (`traceparent`, `tracestate`), to store or send with a message. */
export function traceCarrier(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** Runs `fn` as a continuation of the trace a carrier (from `traceCarrier`) describes; no carrier, no parent. */
export function withTraceCarrier<T>(carrier: Record<string, string> | undefined, fn: () => T): T {
  return context.with(propagation.extract(ROOT_CONTEXT, carrier ?? {}), fn);
}

/**
 * Runs `fn` without creating spans: background bookkeeping (an outbox sweep every few seconds)
 * would otherwise fill the store with one-span traces. Work that continues a stored carrier
 * (`withTraceCarrier`) inside it is traced again.
 */
export function withoutTracing<T>(fn: () => T): T {
  return context.with(suppressTracing(ROOT_CONTEXT), fn);
}

/** The ids every log line carries, when a span is active. */
export function currentTraceIds(): { traceId?: string; spanId?: string } {
  const ctx = trace.getSpan(context.active())?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
}

export function markSpanError(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  span.setStatus({ code: 2, message: code ? `${code}: ${message}` : message });
  if (code) span.setAttribute('rpc.error_code', code);
}
