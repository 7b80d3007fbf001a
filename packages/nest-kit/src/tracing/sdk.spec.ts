import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { traceExportUrls, traceProtocol, tracingEnabled } from './sdk.js';
import { CountingExporter } from './counting-exporter.js';

describe('tracing switches and endpoints', () => {
  it('is on unless OTEL_SDK_DISABLED=true', () => {
    expect(tracingEnabled({})).toBe(true);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'false' })).toBe(true);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'TRUE' })).toBe(false);
  });

  it('exports to the stack receiver and to the user endpoint, each once', () => {
    const ours = 'http://127.0.0.1:18318';
    expect(traceExportUrls({ PLATFORM_OTLP_ENDPOINT: ours, OTEL_EXPORTER_OTLP_ENDPOINT: ours })).toEqual([`${ours}/v1/traces`]);
    expect(traceExportUrls({ PLATFORM_OTLP_ENDPOINT: ours, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' })).toEqual([
      `${ours}/v1/traces`,
      'http://jaeger:4318/v1/traces',
    ]);
    expect(traceExportUrls({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo/otlp/traces' })).toEqual(['http://tempo/otlp/traces']);
    expect(traceExportUrls({})).toEqual(['http://127.0.0.1:4318/v1/traces']);
  });

  it('exports protobuf unless told http/json, and refuses gRPC by name', () => {
    expect(traceProtocol({})).toBe('http/protobuf');
    expect(traceProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(traceProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toBe(
      'http/protobuf',
    );
    expect(() => traceProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not supported.*http\/protobuf \(the default\) or http\/json/,
    );
  });
});

describe('CountingExporter', () => {
  it('drops what the receiver does not take, counts it, and warns at most once per 30 s', async () => {
    const failing: SpanExporter = {
      export: (_s, done) => done({ code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED') }),
      shutdown: async () => {},
    };
    const lines: string[] = [];
    const out = new Writable({
      write(c, _e, done) {
        lines.push(String(c));
        done();
      },
    });
    const exporter = new CountingExporter(failing, 'http://127.0.0.1:1/v1/traces', 'payments', out);
    const results: ExportResult[] = [];
    for (let i = 0; i < 3; i++) exporter.export([{} as ReadableSpan, {} as ReadableSpan], (r) => results.push(r));
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(exporter.dropped).toBe(6);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', service: 'payments', droppedSpans: 2, error: 'connect ECONNREFUSED' });
  });
});
