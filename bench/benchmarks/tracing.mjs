import { createServer, Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRow } from '../lib/report.mjs';
import { ROOT } from '../lib/proc.mjs';
import { alternate, round, warmUntilSteady } from '../lib/stats.mjs';
import { closedLoop, pay, seedPayers } from './payment.mjs';
import { COLLECTIONS } from '@platform/contracts';

const telemetry = () => import(join(ROOT, 'cli/dist/telemetry/index.js'));

/** A batch of spans as the Node SDK's OTLP/JSON exporter sends them (512 per request, its default). */
function otlpBatch(n, seq) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const kv = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: v } : { stringValue: v } });
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: (seq * 1_000_003 + (i >> 4)).toString(16).padStart(32, '0'),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i % 16 ? (i & ~15).toString(16).padStart(16, '1') : undefined,
    name: i % 3 ? 'find ledger_accounts' : 'payments.create',
    kind: 1 + (i % 4),
    startTimeUnixNano: String(now + BigInt(i) * 1000n),
    endTimeUnixNano: String(now + BigInt(i) * 1000n + 3_000_000n),
    attributes: [
      kv('db.system', 'mongodb'),
      kv('db.mongodb.collection', 'ledger_accounts'),
      kv('server.port', 4002),
      kv('platform.correlation_id', `bench-${seq}-${i >> 4}`),
    ],
    status: { code: 0 },
  }));
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [kv('service.name', 'bench')] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }],
  });
}

/**
 * The same kind of batches made by the SDK itself: real spans (a server span and its Mongo client
 * spans), serialised by its own protobuf and JSON serialisers, as nest-kit's exporter sends them.
 */
async function sdkBatches(count, size) {
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { JsonTraceSerializer, ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
  const { context, trace } = await import('@opentelemetry/api');
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench', 'service.instance.id': 'bench-0-1' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench');
  const batches = [];
  for (let b = 0; b < count; b++) {
    exporter.reset();
    for (let i = 0; i < size; i += 16) {
      const root = tracer.startSpan('payments.create', {
        kind: 1,
        attributes: { 'rpc.system': 'nestjs_tcp', 'platform.correlation_id': `bench-${b}-${i}` },
      });
      for (let c = 1; c < 16; c++)
        tracer
          .startSpan(
            'insert payments',
            { kind: 2, attributes: { 'db.system': 'mongodb', 'db.mongodb.collection': 'payments', 'server.port': 27017 } },
            trace.setSpan(context.active(), root),
          )
          .end();
      root.end();
    }
    const spans = exporter.getFinishedSpans();
    batches.push({
      protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)),
      json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)),
    });
  }
  return batches;
}

function post(agent, port, body, type = 'application/json') {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/traces',
        method: 'POST',
        agent,
        headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The receiver's ingest rate against an HTTP sink that only parses JSON, 4 exporters at once, 512
 * spans per request (the SDK's default batch). Two cases: hand-made OTLP/JSON, and what nest-kit
 * sends, SDK-serialised protobuf (the sink gets the same spans as the SDK's JSON).
 */
async function ingestRows(ctx) {
  const { quick } = ctx;
  const { startTelemetryReceiver } = await telemetry();
  const dir = mkdtempSync(join(tmpdir(), 'bench-otlp-'));
  const receiver = await startTelemetryReceiver({ stateDir: dir, port: 0 });
  const port = Number(new URL(receiver.endpoint).port);
  // The peer: an HTTP sink that reads and parses the same payloads and keeps nothing.
  const sink = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((r) => sink.listen(0, '127.0.0.1', r));
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const ms = quick ? 500 : 5000;
  const rate = async (p, bodies, type) => {
    const r = await closedLoop(4, ms, (k) => post(agent, p, bodies[k % bodies.length], type));
    if (r.failed) throw new Error(`${r.failed} posts failed: ${r.firstError}`);
    return r.rate * 512;
  };
  const hand = Array.from({ length: 8 }, (_, i) => otlpBatch(512, i));
  const sdk = await sdkBatches(8, 512);
  const cases = [
    {
      caseName: 'OTLP/HTTP JSON ingest, 512 spans per request, 4 exporters at once',
      label: 'platform receiver (decode + bounded store + NDJSON file)',
      ours: () => rate(port, hand, 'application/json'),
      peer: () => rate(sink.address().port, hand),
    },
    {
      caseName: "OTLP/HTTP protobuf ingest (nest-kit's exporter), 512 SDK spans per request, 4 exporters at once",
      label: 'platform receiver, protobuf (decode + bounded store + NDJSON file)',
      ours: () =>
        rate(
          port,
          sdk.map((b) => b.protobuf),
          'application/x-protobuf',
        ),
      peer: () =>
        rate(
          sink.address().port,
          sdk.map((b) => b.json),
        ),
    },
  ];
  const rows = [];
  try {
    for (const c of cases) {
      const ours = [];
      const peer = [];
      for (let i = 0; i < (ctx.runs ?? (quick ? 1 : 3)); i++) {
        ours.push(await c.ours());
        peer.push(await c.peer());
      }
      rows.push(
        makeRow({
          benchmark: 'tracing',
          caseName: c.caseName,
          metric: 'spans per second',
          unit: 'spans/s',
          better: 'higher',
          ours: { label: c.label, samples: ours, extra: { capacity: receiver.store.capacity } },
          peer: { label: 'HTTP sink that only parses the JSON of the same spans', samples: peer },
          goals: [{ text: 'at least half the rate of a sink that only parses (ratio >= 0.5)', test: (v) => v >= 0.5 }],
        }),
      );
    }
  } finally {
    agent.destroy();
    sink.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Time from sending a payment to its full trace (both consumers) being readable from the span store. */
async function readableRow(ctx, agent, httpPort, mongo, apiKey) {
  const { stack, quick } = ctx;
  const { spanSource } = await telemetry();
  const source = await spanSource(stack.env.PLATFORM_STATE_DIR);
  const n = quick ? 2 : 8;
  const traced = [];
  const done = [];
  for (let i = 0; i < n; i++) {
    const cid = `bench-trace-${Date.now().toString(36)}-${i}`;
    const t0 = performance.now();
    await pay(agent, httpPort, cid, i, { apiKey, headers: { 'x-correlation-id': cid } });
    let workDone;
    for (;;) {
      if (workDone === undefined && (await mongo.db().collection(COLLECTIONS.notifications).countDocuments({ correlationId: cid })))
        workDone = performance.now() - t0;
      const spans = await source.find(cid);
      const consumers = new Set(spans.filter((s) => s.kind === 'consumer').map((s) => s.service));
      if (consumers.has('ledger') && consumers.has('notifications') && workDone !== undefined) break;
      if (performance.now() - t0 > 30_000) throw new Error(`trace of ${cid} not complete after 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    traced.push(performance.now() - t0);
    done.push(workDone);
  }
  return makeRow({
    benchmark: 'tracing',
    caseName: "one payment at a time: POST /payments until both consumers' spans are readable",
    metric: 'time to readable',
    unit: 'ms',
    better: 'lower',
    ours: { label: 'full trace readable (from the receiver, as platform trace reads it)', samples: traced },
    peer: { label: 'the work itself done (notification document written)', samples: done },
    goals: [
      {
        text: 'report; trace readable within 2 s of the work',
        value: round(traced.sort((a, b) => a - b)[n >> 1] - done.sort((a, b) => a - b)[n >> 1]),
        test: (v) => v <= 2000,
      },
    ],
  });
}

/**
 * Restarts every nest-kit service of the running stack with tracing on or off (OTEL_SDK_DISABLED),
 * through the supervisor's control API: Kafka, the database and the receiver keep running, so the
 * two sides differ in that one variable. Resolves once the services are healthy again.
 */
async function switchTracing(stack, on) {
  const { control } = await import(join(ROOT, 'cli/dist/supervisor/client.js'));
  const { requireStack } = await import(join(ROOT, 'cli/dist/stack/live.js'));
  const state = await requireStack(stack.env.PLATFORM_STATE_DIR);
  const services = [...new Set(state.processes.filter((p) => p.kind === 'service').map((p) => p.name))];
  await Promise.all(services.map((name) => control(state, 'POST', '/restart', { name, env: { OTEL_SDK_DISABLED: String(!on) } }, 300_000)));
}

/**
 * Tracing's cost and speed: payment throughput with tracing on against OTEL_SDK_DISABLED=true,
 * alternating within one running stack (only the services restart between the sides); the
 * receiver's ingest rate against a parse-only sink; how soon a request's trace is readable.
 */
export default {
  id: 'tracing',
  title: 'tracing',
  needsStack: true,
  async run(ctx) {
    const { stack, quick, log } = ctx;
    const rows = await ingestRows(ctx);
    const httpPort = () => stack.servicePort('gateway', 'http');
    if (!httpPort()) throw Object.assign(new Error('no gateway with an HTTP port in the running stack'), { skip: true });
    const { mongo, apiKey } = await seedPayers(stack);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const ms = quick ? 1500 : 15_000;
    const runId = Date.now().toString(36);
    const loop = async (tag, duration = ms) => {
      const r = await closedLoop(16, duration, (k) => pay(agent, httpPort(), `bench-${runId}-${tag}-${k}`, k, { apiKey }));
      if (!r.ok) throw new Error(`every payment failed; first: ${r.firstError}`);
      return r.rate;
    };
    /**
     * One side's run: restart the services with tracing on or off, warm them up (JIT, connections)
     * until their rate stops rising, then time. A fixed 3 s, then 10 s, was too short: four services
     * restarted at once on two cores took 30-45 s of load to reach their steady rate.
     */
    const warmups = { on: [], off: [] };
    const side = (on) => async (i) => {
      const name = on ? 'on' : 'off';
      await switchTracing(stack, on);
      agent.destroy();
      if (quick) await loop(`warm-${name}-${i}`, 500);
      else warmups[name].push(await warmUntilSteady((w) => loop(`warm-${name}-${i}-${w}`, 10_000)));
      return loop(`${name}-${i}`);
    };
    const warmNote = (name) => warmups[name].map((rates) => rates.map((r) => r.toFixed(0)).join(', ')).join('; ');
    try {
      rows.push(await readableRow(ctx, agent, httpPort(), mongo, apiKey));
      log('tracing: on/off, restarting the services (not the stack) between the sides');
      const s = await alternate({ runs: ctx.runs ?? (quick ? 1 : 3), warmup: 0, ours: side(true), peer: side(false) });
      rows.push(
        makeRow({
          benchmark: 'tracing',
          caseName: `POST /payments, concurrency 16, ${ms / 1000} s per run, tracing on vs off (services restarted between, same stack)`,
          metric: 'completed operations per second',
          unit: 'op/s',
          better: 'higher',
          ours: { label: 'tracing on (every span exported to the stack receiver)', samples: s.ours },
          peer: { label: 'OTEL_SDK_DISABLED=true', samples: s.peer },
          goals: [{ text: 'at most 10% of the throughput lost (ratio >= 0.9)', test: (v) => v >= 0.9 }],
          ...(quick
            ? {}
            : {
                notes: `untimed 10 s warm-up runs after each restart, until the rate stopped rising: on ${warmNote('on')}/s; off ${warmNote('off')}/s`,
              }),
        }),
      );
      return rows;
    } finally {
      // Leave the stack as found: tracing on.
      await switchTracing(stack, true).catch((e) => log(`tracing: could not switch tracing back on: ${e.message}`));
      agent.destroy();
      await mongo.close();
    }
  },
};
