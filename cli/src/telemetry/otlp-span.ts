import { SPAN_KINDS, type AttributeValue, type SpanRecord } from './span.js';

/** A payload the receiver cannot read: answered with 400 and this message. */
export class OtlpFormatError extends Error {}

/**
 * One span as either OTLP encoding carries it, ids already in lower-case hex (undefined when
 * missing or invalid) and times in whole microseconds since the epoch. Both decoders fill this in;
 * `spanRecord` is the one place that decides what is kept.
 */
export interface RawSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: unknown;
  kind: number;
  startUs?: number;
  endUs?: number;
  statusCode: number;
  statusMessage?: string;
  attributes: Record<string, AttributeValue>;
  links: { traceId?: string; spanId?: string }[];
}

/** The stored span, or undefined (counted as rejected) without valid ids, a name and both times. */
export function spanRecord(raw: RawSpan, service: string): SpanRecord | undefined {
  const { traceId, spanId, name, startUs, endUs } = raw;
  if (!traceId || !spanId || typeof name !== 'string' || startUs === undefined || endUs === undefined) return undefined;
  const links = raw.links.filter((l): l is { traceId: string; spanId: string } => Boolean(l.traceId && l.spanId));
  return {
    traceId,
    spanId,
    ...(raw.parentSpanId ? { parentSpanId: raw.parentSpanId } : {}),
    name,
    kind: SPAN_KINDS[raw.kind] ?? 'internal',
    service,
    start: startUs / 1000,
    durationMs: Math.max(0, endUs - startUs) / 1000,
    status: (['unset', 'ok', 'error'] as const)[raw.statusCode] ?? 'unset',
    ...(raw.statusMessage ? { statusMessage: raw.statusMessage } : {}),
    attributes: raw.attributes,
    ...(links.length ? { links } : {}),
  };
}

/** The service a resource's attributes name (any OTLP process, not only ours). */
export const serviceOf = (resource: Record<string, AttributeValue>) =>
  typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';

const ZEROS = /^0+$/;

/** An id in hex, or undefined when it is all zeros (OTLP's "no id"). */
export const nonZero = (hex: string): string | undefined => (ZEROS.test(hex) ? undefined : hex);
