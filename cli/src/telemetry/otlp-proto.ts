import { decodeOtlpJson, OtlpFormatError } from './otlp-json.js';
import type { SpanRecord } from './span.js';

type Field = { no: number; wire: number; varint?: bigint; bytes?: Buffer };
type Json = Record<string, unknown>;

/**
 * Decodes an OTLP/HTTP protobuf ExportTraceServiceRequest (opentelemetry-proto trace/v1) into its
 * JSON mapping and reads that: what most SDKs send by default, without a protobuf runtime.
 */
export function decodeOtlpProtobuf(buf: Buffer): { spans: SpanRecord[]; rejected: number } {
  const request = { resourceSpans: repeated(buf, 1, resourceSpans) };
  return decodeOtlpJson(request);
}

function resourceSpans(buf: Buffer): Json {
  const resource = one(buf, 1);
  return {
    resource: { attributes: resource ? repeated(resource, 1, keyValue) : [] },
    scopeSpans: repeated(buf, 2, (b) => ({ spans: repeated(b, 2, span) })),
  };
}

function span(buf: Buffer): Json {
  const out: Json = { attributes: [], links: [] };
  for (const f of fields(buf)) {
    if (f.no === 1) out.traceId = f.bytes?.toString('hex');
    else if (f.no === 2) out.spanId = f.bytes?.toString('hex');
    else if (f.no === 4 && f.bytes?.length) out.parentSpanId = f.bytes.toString('hex');
    else if (f.no === 5) out.name = f.bytes?.toString('utf8');
    else if (f.no === 6) out.kind = Number(f.varint);
    else if (f.no === 7) out.startTimeUnixNano = String(f.varint);
    else if (f.no === 8) out.endTimeUnixNano = String(f.varint);
    else if (f.no === 9 && f.bytes) (out.attributes as Json[]).push(keyValue(f.bytes));
    else if (f.no === 13 && f.bytes)
      (out.links as Json[]).push({ traceId: one(f.bytes, 1)?.toString('hex'), spanId: one(f.bytes, 2)?.toString('hex') });
    else if (f.no === 15 && f.bytes) out.status = { message: one(f.bytes, 2)?.toString('utf8'), code: Number(varintOf(f.bytes, 3) ?? 0n) };
  }
  return out;
}

function keyValue(buf: Buffer): Json {
  const value = one(buf, 2);
  return { key: one(buf, 1)?.toString('utf8'), value: value ? anyValue(value) : undefined };
}

function anyValue(buf: Buffer): Json {
  for (const f of fields(buf)) {
    if (f.no === 1) return { stringValue: f.bytes!.toString('utf8') };
    if (f.no === 2) return { boolValue: f.varint !== 0n };
    if (f.no === 3) return { intValue: String(BigInt.asIntN(64, f.varint!)) };
    if (f.no === 4) return { doubleValue: f.bytes!.readDoubleLE(0) };
    if (f.no === 5) return { arrayValue: { values: repeated(f.bytes!, 1, anyValue) } };
  }
  return {};
}

function repeated<T>(buf: Buffer, no: number, decode: (b: Buffer) => T): T[] {
  return [...fields(buf)].filter((f) => f.no === no && f.bytes).map((f) => decode(f.bytes!));
}

function one(buf: Buffer, no: number): Buffer | undefined {
  return [...fields(buf)].find((f) => f.no === no)?.bytes;
}

function varintOf(buf: Buffer, no: number): bigint | undefined {
  return [...fields(buf)].find((f) => f.no === no)?.varint;
}

/** The protobuf wire format: varints, fixed 64/32-bit values and length-delimited bytes. */
function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length || shift > 63n) throw new OtlpFormatError('truncated protobuf varint');
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, varint: varint() };
    else if (wire === 1) {
      if (pos + 8 > buf.length) throw new OtlpFormatError('truncated protobuf fixed64');
      // Times are fixed64: read them as varint-like bigints; doubles keep their raw bytes.
      yield { no, wire, varint: buf.readBigUInt64LE(pos), bytes: buf.subarray(pos, pos + 8) };
      pos += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new OtlpFormatError('truncated protobuf field');
      yield { no, wire, bytes: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 5) {
      if (pos + 4 > buf.length) throw new OtlpFormatError('truncated protobuf fixed32');
      yield { no, wire, varint: BigInt(buf.readUInt32LE(pos)) };
      pos += 4;
    } else throw new OtlpFormatError(`unsupported protobuf wire type ${wire}`);
  }
}
