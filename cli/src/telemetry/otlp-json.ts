import { SPAN_KINDS, type AttributeValue, type SpanRecord } from './span.js';

/** A payload the receiver cannot read: answered with 400 and this message. */
export class OtlpFormatError extends Error {}

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
    const resource = attributesOf(isObject(rs.resource) ? rs.resource.attributes : undefined);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
    for (const ss of arrayOf(rs.scopeSpans ?? rs.instrumentationLibrarySpans)) {
      if (!isObject(ss)) throw new OtlpFormatError('scopeSpans[] must hold objects');
      for (const raw of arrayOf(ss.spans)) {
        const span = isObject(raw) ? toSpan(raw, service) : undefined;
        if (span) spans.push(span);
        else rejected++;
      }
    }
  }
  return { spans, rejected };
}

function toSpan(s: Json, service: string): SpanRecord | undefined {
  const traceId = hexId(s.traceId, 16);
  const spanId = hexId(s.spanId, 8);
  const start = nanos(s.startTimeUnixNano);
  const end = nanos(s.endTimeUnixNano);
  if (!traceId || !spanId || typeof s.name !== 'string' || start === undefined || end === undefined) return undefined;
  const parentSpanId = s.parentSpanId ? hexId(s.parentSpanId, 8) : undefined;
  const status = isObject(s.status) ? s.status : {};
  const links = arrayOf(s.links)
    .filter(isObject)
    .map((l) => ({ traceId: hexId(l.traceId, 16), spanId: hexId(l.spanId, 8) }))
    .filter((l): l is { traceId: string; spanId: string } => Boolean(l.traceId && l.spanId));
  return {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: s.name,
    kind:
      SPAN_KINDS[enumNumber(s.kind, 'SPAN_KIND_', ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'])] ?? 'internal',
    service,
    start: Number(start / 1000n) / 1000,
    durationMs: Number((end > start ? end - start : 0n) / 1000n) / 1000,
    status: (['unset', 'ok', 'error'] as const)[enumNumber(status.code, 'STATUS_CODE_', ['UNSET', 'OK', 'ERROR'])] ?? 'unset',
    ...(typeof status.message === 'string' && status.message ? { statusMessage: status.message } : {}),
    attributes: attributesOf(s.attributes),
    ...(links.length ? { links } : {}),
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
const ZEROS = /^0+$/;

function hexId(v: unknown, bytes: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.length === bytes * 2 && HEX.test(v)) return ZEROS.test(v) ? undefined : v.toLowerCase();
  const decoded = Buffer.from(v, 'base64');
  return decoded.length === bytes && v.length >= Math.ceil(bytes / 3) * 4 ? decoded.toString('hex') : undefined;
}

function nanos(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  return undefined;
}

function enumNumber(v: unknown, prefix: string, names: string[]): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return names.indexOf(v.replace(prefix, ''));
  return 0;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
