import type { AttributeValue, SpanRecord } from './span.js';
import { nonZero, OtlpFormatError, serviceOf, spanRecord } from './otlp-span.js';

export { OtlpFormatError } from './otlp-span.js';

type Json = Record<string, unknown>;

/**
 * Decodes an OTLP/HTTP JSON ExportTraceServiceRequest (opentelemetry-proto's JSON mapping: hex ids,
 * nanosecond times as strings, kinds and status codes as numbers or enum names).
 * A malformed envelope throws OtlpFormatError; a malformed span is counted as rejected, not stored.
 */
export function decodeOtlpJson(body: unknown): { spans: SpanRecord[]; rejected: number } {
  if (!isObject(body) || !Array.isArray(body.resourceSpans))
    throw new OtlpFormatError('expected an ExportTraceServiceRequest: {"resourceSpans": [...]}');
  const spans: SpanRecord[] = [];
  let rejected = 0;
  for (const rs of body.resourceSpans) {
    if (!isObject(rs)) throw new OtlpFormatError('resourceSpans[] must hold objects');
    const service = serviceOf(attributesOf(isObject(rs.resource) ? rs.resource.attributes : undefined));
    for (const ss of arrayOf(rs.scopeSpans ?? rs.instrumentationLibrarySpans)) {
      if (!isObject(ss)) throw new OtlpFormatError('scopeSpans[] must hold objects');
      for (const raw of arrayOf(ss.spans)) {
        const span = isObject(raw) ? spanRecord(rawSpan(raw), service) : undefined;
        if (span) spans.push(span);
        else rejected++;
      }
    }
  }
  return { spans, rejected };
}

function rawSpan(s: Json) {
  const status = isObject(s.status) ? s.status : {};
  return {
    traceId: hexId(s.traceId, 16),
    spanId: hexId(s.spanId, 8),
    parentSpanId: s.parentSpanId ? hexId(s.parentSpanId, 8) : undefined,
    name: s.name,
    kind: enumNumber(s.kind, 'SPAN_KIND_', ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER']),
    startUs: micros(s.startTimeUnixNano),
    endUs: micros(s.endTimeUnixNano),
    statusCode: enumNumber(status.code, 'STATUS_CODE_', ['UNSET', 'OK', 'ERROR']),
    statusMessage: typeof status.message === 'string' ? status.message : undefined,
    attributes: attributesOf(s.attributes),
    links: arrayOf(s.links)
      .filter(isObject)
      .map((l) => ({ traceId: hexId(l.traceId, 16), spanId: hexId(l.spanId, 8) })),
  };
}

export function attributesOf(list: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of arrayOf(list)) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const value = anyValue(kv.value);
    if (value !== undefined) out[kv.key] = value;
  }
  return out;
}

function anyValue(v: unknown): AttributeValue | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (isObject(v.arrayValue)) {
    return arrayOf(v.arrayValue.values)
      .map(anyValue)
      .filter((x): x is string | number | boolean => x !== undefined && !Array.isArray(x));
  }
  return undefined;
}

/** Ids are hex in OTLP/JSON; some older exporters sent base64. */
const HEX = /^[0-9a-fA-F]+$/;

function hexId(v: unknown, bytes: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.length === bytes * 2 && HEX.test(v)) return nonZero(v.toLowerCase());
  const decoded = Buffer.from(v, 'base64');
  return decoded.length === bytes && v.length >= Math.ceil(bytes / 3) * 4 ? nonZero(decoded.toString('hex')) : undefined;
}

/**
 * Nanoseconds (a decimal string, or a number from lenient exporters) to whole microseconds. The
 * string is cut rather than divided as a BigInt: the receiver does this twice per span.
 */
function micros(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.trunc(v / 1000) : undefined;
  if (typeof v !== 'string' || !/^\d{1,20}$/.test(v)) return undefined;
  return v.length > 3 ? Number(v.slice(0, -3)) : 0;
}

function enumNumber(v: unknown, prefix: string, names: string[]): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return names.indexOf(v.replace(prefix, ''));
  return 0;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
