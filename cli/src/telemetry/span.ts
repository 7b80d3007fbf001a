/** One finished span as the store keeps it: OTLP flattened to what a waterfall and a query need. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** The resource's `service.name` (any OTLP process, not only ours). */
  service: string;
  /** Epoch milliseconds, with microseconds as the fraction. */
  start: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  attributes: Record<string, AttributeValue>;
  links?: { traceId: string; spanId: string }[];
}

export type AttributeValue = string | number | boolean | (string | number | boolean)[];
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** OTLP's SpanKind numbers (0 is "unspecified", which we show as internal). */
export const SPAN_KINDS: SpanKindName[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];

/** The span attribute our services set from the request's correlation id, so a trace can be found by it. */
export const CORRELATION_ATTRIBUTE = 'platform.correlation_id';

/** A trace in one line, for `platform trace --last`. */
export interface TraceSummary {
  traceId: string;
  /** The root span (or the earliest one when the root has not arrived). */
  root: { service: string; name: string };
  start: number;
  durationMs: number;
  spans: number;
  errors: number;
  services: string[];
  correlationId?: string;
}
