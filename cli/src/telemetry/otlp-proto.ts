import type { AttributeValue, SpanRecord } from './span.js';
import { nonZero, OtlpFormatError, serviceOf, spanRecord, type RawSpan } from './otlp-span.js';

/**
 * Decodes an OTLP/HTTP protobuf ExportTraceServiceRequest (opentelemetry-proto trace/v1), what
 * most SDKs send by default and what nest-kit's exporter sends. It reads the wire format in one
 * pass, straight into spans, without a protobuf runtime: the receiver runs this for every span of
 * the stack. Field numbers are the .proto files'; fields it does not need are skipped.
 */
export function decodeOtlpProtobuf(buf: Buffer): { spans: SpanRecord[]; rejected: number } {
  const r = new Reader(buf);
  const out = { spans: [] as SpanRecord[], rejected: 0 };
  r.fields(buf.length, (no, end) => {
    if (no === 1) resourceSpans(r, end, out);
  });
  return out;
}

function resourceSpans(r: Reader, end: number, out: { spans: SpanRecord[]; rejected: number }) {
  let resource: Record<string, AttributeValue> = {};
  const raws: RawSpan[] = [];
  r.fields(end, (no, fieldEnd) => {
    if (no === 1) resource = attributes(r, fieldEnd, 1);
    else if (no === 2)
      // ScopeSpans: 2 = spans.
      r.fields(fieldEnd, (n, spanEnd) => {
        if (n === 2) raws.push(span(r, spanEnd));
      });
  });
  // The resource may come after its spans on the wire: the service is known only now.
  const service = serviceOf(resource);
  for (const raw of raws) {
    const record = spanRecord(raw, service);
    if (record) out.spans.push(record);
    else out.rejected++;
  }
}

function span(r: Reader, end: number): RawSpan {
  const s: RawSpan = { kind: 0, statusCode: 0, attributes: {}, links: [] };
  r.fields(end, (no, fieldEnd, wire) => {
    if (no === 1) s.traceId = r.id(fieldEnd, 16);
    else if (no === 2) s.spanId = r.id(fieldEnd, 8);
    else if (no === 4) s.parentSpanId = r.id(fieldEnd, 8);
    else if (no === 5) s.name = r.string(fieldEnd);
    else if (no === 6 && wire === 0) s.kind = r.varint();
    else if (no === 7 && wire === 1) s.startUs = r.fixed64Micros();
    else if (no === 8 && wire === 1) s.endUs = r.fixed64Micros();
    else if (no === 9) keyValue(r, fieldEnd, s.attributes);
    else if (no === 13) {
      const link: RawSpan['links'][number] = {};
      r.fields(fieldEnd, (n, e) => {
        if (n === 1) link.traceId = r.id(e, 16);
        else if (n === 2) link.spanId = r.id(e, 8);
      });
      s.links.push(link);
    } else if (no === 15)
      r.fields(fieldEnd, (n, e, w) => {
        if (n === 2) s.statusMessage = r.string(e);
        else if (n === 3 && w === 0) s.statusCode = r.varint();
      });
  });
  return s;
}

/** A message whose field `no` repeats KeyValue (Resource: 1; Span: 9). */
function attributes(r: Reader, end: number, no: number): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  r.fields(end, (n, e) => {
    if (n === no) keyValue(r, e, out);
  });
  return out;
}

function keyValue(r: Reader, end: number, into: Record<string, AttributeValue>) {
  let key: string | undefined;
  let value: AttributeValue | undefined;
  r.fields(end, (no, e) => {
    if (no === 1) key = r.string(e);
    else if (no === 2) value = anyValue(r, e);
  });
  if (key !== undefined && value !== undefined) into[key] = value;
}

/** AnyValue: string, bool, int, double, or an array of those; kvlist and bytes are not kept (as in JSON). */
function anyValue(r: Reader, end: number): AttributeValue | undefined {
  let value: AttributeValue | undefined;
  r.fields(end, (no, e, wire) => {
    if (no === 1) value = r.string(e);
    else if (no === 2 && wire === 0) value = r.varint() !== 0;
    else if (no === 3 && wire === 0) value = r.int64();
    else if (no === 4 && wire === 1) value = r.double();
    else if (no === 5) {
      const values: (string | number | boolean)[] = [];
      r.fields(e, (n, itemEnd) => {
        if (n !== 1) return;
        const item = anyValue(r, itemEnd);
        if (item !== undefined && !Array.isArray(item)) values.push(item);
      });
      value = values;
    }
  });
  return value;
}

/**
 * A cursor over the protobuf wire format. `fields` walks one message and calls the visitor at the
 * start of each field's value with where the field ends; whatever the visitor leaves unread is
 * skipped. Every length is checked against the message it is in.
 */
class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  fields(end: number, visit: (no: number, fieldEnd: number, wire: number) => void): void {
    while (this.pos < end) {
      const tag = this.varint();
      const wire = tag & 7;
      const fieldEnd = wire === 2 ? this.length(end) : this.fixedEnd(wire, end);
      visit(Math.floor(tag / 8), fieldEnd, wire);
      this.pos = fieldEnd;
    }
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new OtlpFormatError('truncated protobuf varint');
      const byte = this.buf[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new OtlpFormatError('malformed protobuf varint');
  }

  /** A signed int64 varint: a number (exact up to 2^53), negative ones included. */
  int64(): number {
    const start = this.pos;
    const n = this.varint();
    if (n <= Number.MAX_SAFE_INTEGER) return n;
    let big = 0n;
    for (let shift = 0n, i = start; i < this.pos; i++, shift += 7n) big |= BigInt(this.buf[i] & 0x7f) << shift;
    return Number(BigInt.asIntN(64, big));
  }

  double(): number {
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A fixed64 of nanoseconds as whole microseconds, exact without a BigInt (until the year 2255). */
  fixed64Micros(): number {
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    // (hi * 2^32 + lo) / 1000, with 2^32 = 4294967 * 1000 + 296.
    return hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
  }

  string(end: number): string {
    const s = this.buf.toString('utf8', this.pos, end);
    this.pos = end;
    return s;
  }

  /** Bytes as a lower-case hex id of `bytes` bytes; undefined when empty, of another size, or all zeros. */
  id(end: number, bytes: number): string | undefined {
    const hex = end - this.pos === bytes ? nonZero(this.buf.toString('hex', this.pos, end)) : undefined;
    this.pos = end;
    return hex;
  }

  private length(end: number): number {
    const len = this.varint();
    if (this.pos + len > end) throw new OtlpFormatError('truncated protobuf field');
    return this.pos + len;
  }

  private fixedEnd(wire: number, end: number): number {
    let size: number;
    if (wire === 0) {
      const start = this.pos;
      this.varint();
      size = this.pos - start;
      this.pos = start;
    } else if (wire === 1) size = 8;
    else if (wire === 5) size = 4;
    else throw new OtlpFormatError(`unsupported protobuf wire type ${wire}`);
    if (this.pos + size > end) throw new OtlpFormatError('truncated protobuf field');
    return this.pos + size;
  }
}
