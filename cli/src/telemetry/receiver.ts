import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readBody } from '../http/read-body.js';
import { HOST, portOffset } from '../stack/ports.js';
import { decodeOtlpJson, OtlpFormatError } from './otlp-json.js';
import { decodeOtlpProtobuf } from './otlp-proto.js';
import { SpanStore, spanCapacity } from './span-store.js';

/** OTLP/HTTP's usual port, shifted with the stack's PLATFORM_PORT_OFFSET. */
export function receiverPort(env: NodeJS.ProcessEnv = process.env): number {
  return 4318 + portOffset(env);
}

export const receiverEndpoint = (env: NodeJS.ProcessEnv = process.env) => `http://${HOST}:${receiverPort(env)}`;

/** Where the store keeps its spans across restarts. */
export const spansFile = (stateDir: string) => join(stateDir, 'traces', 'spans.ndjson');

const MAX_BODY = 8 * 1024 * 1024;

export interface TelemetryReceiver {
  endpoint: string;
  store: SpanStore;
  stats: { requests: number; spans: number; rejected: number; malformed: number };
  close(): Promise<void>;
}

/**
 * The stack's OTLP/HTTP trace receiver (JSON or protobuf, optionally gzipped) on 127.0.0.1.
 * It takes spans from any process, stores them in the bounded span store, and answers every
 * malformed payload with 400 instead of failing. Metrics and logs are accepted and dropped.
 */
/** `port: 0` picks a free port (tests, benchmarks); the endpoint says which. */
export async function startTelemetryReceiver(opts: { stateDir: string; port?: number; capacity?: number }): Promise<TelemetryReceiver> {
  const store = SpanStore.load(spansFile(opts.stateDir), opts.capacity ?? spanCapacity());
  const stats = { requests: 0, spans: 0, rejected: 0, malformed: 0 };
  const server = createServer((req, res) => void handle(req, res, store, stats));
  const port = opts.port ?? receiverPort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { endpoint: `http://${HOST}:${bound}`, store, stats, close: () => closeServer(server) };
}

async function handle(req: IncomingMessage, res: ServerResponse, store: SpanStore, stats: TelemetryReceiver['stats']) {
  const reply = (code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'POST' || !['/v1/traces', '/v1/metrics', '/v1/logs'].includes(path))
    return reply(404, { error: 'POST OTLP/HTTP to /v1/traces' });
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY);
    if (/gzip/i.test(req.headers['content-encoding'] ?? '')) body = gunzipSync(body, { maxOutputLength: MAX_BODY });
  } catch (e) {
    stats.malformed++;
    return reply((e as { status?: number }).status ?? 400, { error: `could not read the body: ${(e as Error).message}` });
  }
  if (path !== '/v1/traces') return reply(200, {});
  stats.requests++;
  try {
    const protobuf = /protobuf/i.test(req.headers['content-type'] ?? '');
    const { spans, rejected } = protobuf ? decodeOtlpProtobuf(body) : decodeOtlpJson(JSON.parse(body.toString('utf8')));
    store.add(spans);
    stats.spans += spans.length;
    stats.rejected += rejected;
    if (protobuf) {
      // An empty ExportTraceServiceResponse: full success.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      return res.end();
    }
    return reply(
      200,
      rejected ? { partialSuccess: { rejectedSpans: rejected, errorMessage: 'spans without valid ids, name or times were dropped' } } : {},
    );
  } catch (e) {
    stats.malformed++;
    if (e instanceof SyntaxError || e instanceof OtlpFormatError || e instanceof RangeError)
      return reply(400, { error: `malformed OTLP payload: ${e.message}` });
    return reply(500, { error: (e as Error).message });
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
