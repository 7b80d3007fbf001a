import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { kafkaInstrumentation } from './kafka-instrumentation.js';
import { CountingExporter } from './counting-exporter.js';
import { parseEnvNumber } from '../config.js';

/** On unless OTEL_SDK_DISABLED=true (the OpenTelemetry variable for "no SDK at all"). */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
}

/**
 * Where spans go: the stack's receiver (PLATFORM_OTLP_ENDPOINT, set by the supervisor) and the
 * user's own OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT, each once.
 */
export function traceExportUrls(env: NodeJS.ProcessEnv = process.env): string[] {
  const base = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const urls = [
    env.PLATFORM_OTLP_ENDPOINT ? base(env.PLATFORM_OTLP_ENDPOINT) : undefined,
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (env.OTEL_EXPORTER_OTLP_ENDPOINT ? base(env.OTEL_EXPORTER_OTLP_ENDPOINT) : undefined),
  ];
  const unique = [...new Set(urls.filter((u): u is string => Boolean(u)))];
  return unique.length ? unique : [base('http://127.0.0.1:4318')];
}

export type TraceProtocol = 'http/protobuf' | 'http/json';

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL: http/protobuf (the
 * OpenTelemetry default, and about half the bytes and receiver work of JSON) or http/json.
 * gRPC is refused by name rather than sent HTTP it cannot read.
 */
export function traceProtocol(env: NodeJS.ProcessEnv = process.env): TraceProtocol {
  const name = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = env[name]?.trim().toLowerCase() || 'http/protobuf';
  if (value === 'http/protobuf' || value === 'http/json') return value;
  throw new Error(
    `${name}="${env[name]}" is not supported: nest-kit exports OTLP over HTTP; set http/protobuf (the default) or http/json, or unset it`,
  );
}

/**
 * The OpenTelemetry Node SDK with the instrumentations a nest-kit service needs: HTTP and Express
 * (the gateway), the MongoDB driver (under mongoose), kafkajs. NestJS TCP has no official
 * instrumentation; nest-kit's own (nest-tcp.ts) covers it. Spans leave in batches every 500 ms;
 * an exporter that cannot deliver drops them and says so, it never blocks the service.
 * A bad OTEL_* setting throws, naming it.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): NodeSDK {
  const service = env.OTEL_SERVICE_NAME || env.PLATFORM_SERVICE || 'unknown_service:node';
  // The SDK's own defaults would also try to export metrics and logs: this stack receives traces.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const Exporter = traceProtocol(env) === 'http/json' ? OtlpJsonExporter : OtlpProtobufExporter;
  const batching = {
    scheduledDelayMillis: parseEnvNumber('OTEL_BSP_SCHEDULE_DELAY', 500, env, 1),
    maxQueueSize: parseEnvNumber('OTEL_BSP_MAX_QUEUE_SIZE', 4096, env, 1),
    maxExportBatchSize: parseEnvNumber('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, env, 1),
  };
  const spanProcessors: SpanProcessor[] = traceExportUrls(env).map(
    (url) => new BatchSpanProcessor(new CountingExporter(new Exporter({ url, timeoutMillis: 2000 }), url, service), batching),
  );
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: service,
      'service.instance.id': `${service}-${env.PLATFORM_INSTANCE ?? 0}-${process.pid}`,
    }),
    autoDetectResources: false,
    spanProcessors,
    instrumentations: [
      new HttpInstrumentation(),
      // Express names the HTTP span by its route (POST /payments); its per-layer spans are left out:
      // middleware and routers are Nest's plumbing, and the one request handler span only repeats
      // the HTTP span's duration (one span less per request, on the hot path).
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER, ExpressLayerType.REQUEST_HANDLER],
      }),
      // No db.query.text: serialising every command (a payment with its outbox) costs CPU on the hot path.
      new MongoDBInstrumentation({ dbStatementSerializer: () => undefined as unknown as string }),
      kafkaInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}
