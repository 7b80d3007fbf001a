import { describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeOtlpJson, OtlpFormatError } from './otlp-json.js';
import { decodeOtlpProtobuf } from './otlp-proto.js';

/** Real SDK spans, serialised by the SDK's own OTLP serialisers: what an exporter would send. */
function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payments' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  const parent = tracer.startSpan('payments.create', {
    kind: SpanKind.SERVER,
    attributes: { 'rpc.system': 'nestjs_tcp', 'server.port': 4001, retry: true, ratio: 0.5, tags: ['a', 'b'] },
  });
  const child = tracer.startSpan(
    'mongodb.insert',
    { kind: SpanKind.CLIENT, attributes: { 'db.system': 'mongodb' } },
    trace.setSpan(context.active(), parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'duplicate key' });
  child.end();
  // A consumer span linked to its producer, with the value kinds protobuf encodes differently.
  const linked = tracer.startSpan('payments.events process', {
    kind: SpanKind.CONSUMER,
    links: [{ context: parent.spanContext() }],
    attributes: { offset: -1, big: 2 ** 40, flags: [true, false], sizes: [1, 2.5] },
  });
  linked.end();
  parent.end();
  return exporter.getFinishedSpans();
}

describe('OTLP decoding', () => {
  const spans = sdkSpans();
  const fromJson = decodeOtlpJson(JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString('utf8')));
  const fromProto = decodeOtlpProtobuf(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));

  it('reads the SDK JSON exporter payload: ids, parent, kind, status, service, typed attributes', () => {
    expect(fromJson.rejected).toBe(0);
    const child = fromJson.spans.find((s) => s.name === 'mongodb.insert')!;
    const parent = fromJson.spans.find((s) => s.name === 'payments.create')!;
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(child.traceId).toBe(parent.traceId);
    expect(parent.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parent).toMatchObject({
      kind: 'server',
      service: 'payments',
      status: 'unset',
      attributes: { 'rpc.system': 'nestjs_tcp', 'server.port': 4001, retry: true, ratio: 0.5, tags: ['a', 'b'] },
    });
    expect(child).toMatchObject({ kind: 'client', status: 'error', statusMessage: 'duplicate key' });
    expect(parent.durationMs).toBeGreaterThanOrEqual(child.durationMs);
    expect(parent.start).toBeGreaterThan(Date.parse('2020-01-01'));
  });

  it('reads the protobuf payload to exactly the same spans', () => {
    expect(fromProto).toEqual(fromJson);
    const linked = fromProto.spans.find((s) => s.kind === 'consumer')!;
    const parent = fromProto.spans.find((s) => s.name === 'payments.create')!;
    expect(linked.links).toEqual([{ traceId: parent.traceId, spanId: parent.spanId }]);
    expect(linked.attributes).toEqual({ offset: -1, big: 2 ** 40, flags: [true, false], sizes: [1, 2.5] });
  });

  it('keeps microseconds exactly from nanosecond times, in both encodings', () => {
    const at = (startTimeUnixNano: string, endTimeUnixNano: string) =>
      decodeOtlpJson({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 'x', startTimeUnixNano, endTimeUnixNano }] }] },
        ],
      }).spans[0];
    expect(at('1764460000123456789', '1764460000125456789')).toMatchObject({ start: 1764460000123.456, durationMs: 2 });
    expect(at('999', '1000')).toMatchObject({ start: 0, durationMs: 0.001 });
    const proto = fromProto.spans.find((s) => s.name === 'payments.create')!;
    const json = fromJson.spans.find((s) => s.name === 'payments.create')!;
    expect([proto.start, proto.durationMs]).toEqual([json.start, json.durationMs]);
  });

  it('refuses a payload that is not an ExportTraceServiceRequest', () => {
    expect(() => decodeOtlpJson({ spans: [] })).toThrow(OtlpFormatError);
    expect(() => decodeOtlpJson('x')).toThrow(OtlpFormatError);
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0x01]))).toThrow(OtlpFormatError);
    // A span message cut short, and a wire type protobuf does not have.
    const full = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(() => decodeOtlpProtobuf(full.subarray(0, full.length - 5))).toThrow(OtlpFormatError);
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0f, 0x00]))).toThrow(OtlpFormatError);
  });

  it('counts spans without valid ids or times as rejected instead of storing them', () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            { spans: [{ traceId: 'xyz', spanId: '1', name: 'bad', startTimeUnixNano: '1', endTimeUnixNano: '2' }, { name: 'no ids' }] },
          ],
        },
      ],
    };
    expect(decodeOtlpJson(body)).toEqual({ spans: [], rejected: 2 });
  });
});
