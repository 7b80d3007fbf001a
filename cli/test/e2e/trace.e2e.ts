import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { control } from '../../src/supervisor/client.js';
import { requireStack } from '../../src/stack/live.js';
import { DEMO_KEYS, eventually, OFFSET, platform, platformJson, ROOT, stack } from '../support/stack.js';

/**
 * Tracing against the real stack: services instrumented by nest-kit's preload export to the
 * supervisor's OTLP receiver; `platform trace` reads the span store.
 */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const RECEIVER = `http://127.0.0.1:${4318 + OFFSET}`;

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
  status: string;
  attributes: Record<string, unknown>;
}
interface Trace {
  traceId: string;
  spans: Span[];
  correlationId?: string;
}

const find = (spans: Span[], want: Partial<Span> & { attr?: Record<string, unknown> }) =>
  spans.find((s) =>
    Object.entries(want).every(([k, v]) =>
      k === 'attr' ? Object.entries(v as object).every(([a, x]) => s.attributes[a] === x) : s[k as keyof Span] === v,
    ),
  );

/**
 * `send kafka --trace` of a message no consumer can read: a trace through both consumers, red. The
 * command prints the trace once it stopped growing for 1.5 s; a consumer just restarted can report
 * later than that, so the trace is then read again until both consumers and their dead letters are in.
 */
const sendPoisonTraced = async (key: string) => {
  const r = await platformJson<{ trace: Trace }>(['send', 'kafka', 'payments.events', '{"not":"an event"}', '-k', key, '--trace']);
  const complete = (t: Trace) =>
    ['ledger', 'notifications'].every(
      (service) =>
        find(t.spans, { service, kind: 'consumer' }) &&
        find(t.spans, { service, kind: 'producer', attr: { 'messaging.destination.name': 'payments.events.dlt' } }),
    );
  if (complete(r.trace)) return r;
  return {
    ...r,
    trace: await eventually(
      async () => {
        const t = await platformJson<Trace>(['trace', r.trace.traceId]);
        return complete(t) ? t : undefined;
      },
      30_000,
      500,
    ),
  };
};

describe('platform trace: one payment is one trace', () => {
  it('holds gateway HTTP, TCP client and server, Mongo writes, the outbox produce and both consumes with their writes', async () => {
    const correlationId = `trace-e2e-${RUN}`;
    const res = await fetch(`${stack.gatewayUrl}/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${DEMO_KEYS.m_acme}`,
        'idempotency-key': `trace-${RUN}`,
        'x-correlation-id': correlationId,
      },
      body: JSON.stringify({ amount: 700, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa' }),
    });
    expect(res.status).toBe(201);
    const traceparent = res.headers.get('traceparent');
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const traceId = traceparent!.split('-')[1];

    const trace = await eventually(
      async () => {
        const t = await platformJson<Trace>(['trace', correlationId]);
        const consumes = t.spans.filter((s) => s.kind === 'consumer');
        if (
          !['ledger', 'notifications'].every((svc) =>
            consumes.some((c) => c.service === svc && t.spans.some((m) => m.parentSpanId === c.spanId)),
          )
        )
          throw new Error(`consumes not there yet (${t.spans.length} spans)`);
        return t;
      },
      30_000,
      500,
    );
    const { spans } = trace;
    expect(trace.traceId).toBe(traceId);
    expect(trace.correlationId).toBe(correlationId);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));

    const http = find(spans, { service: 'gateway', kind: 'server', name: 'POST /payments' })!;
    expect(http).toBeDefined();
    const tcpClient = find(spans, { service: 'gateway', kind: 'client', name: 'payments.create', attr: { 'rpc.system': 'nestjs_tcp' } })!;
    const tcpServer = find(spans, { service: 'payments', kind: 'server', name: 'payments.create' })!;
    expect(tcpServer.parentSpanId).toBe(tcpClient.spanId);
    const holdClient = find(spans, { service: 'payments', kind: 'client', name: 'ledger.hold' })!;
    const holdServer = find(spans, { service: 'ledger', kind: 'server', name: 'ledger.hold' })!;
    expect(holdServer.parentSpanId).toBe(holdClient.spanId);
    expect(
      spans.some((s) => s.service === 'payments' && s.attributes['db.system.name'] === 'mongodb' && s.parentSpanId === tcpServer.spanId),
    ).toBe(true);

    const produce = find(spans, {
      service: 'payments',
      kind: 'producer',
      attr: { 'messaging.system': 'kafka', 'messaging.destination.name': 'payments.events' },
    })!;
    expect(produce).toBeDefined();
    for (const svc of ['ledger', 'notifications']) {
      const consume = find(spans, { service: svc, kind: 'consumer', attr: { 'messaging.destination.name': 'payments.events' } })!;
      // Parented by the producer span (OpenTelemetry messaging conventions), writes beneath it.
      expect(consume.parentSpanId).toBe(produce.spanId);
      expect(
        spans.some((s) => s.service === svc && s.attributes['db.system.name'] === 'mongodb' && s.parentSpanId === consume.spanId),
      ).toBe(true);
    }
    expect(spans.filter((s) => s.status === 'error')).toEqual([]);

    const waterfall = await platform(['trace', traceId]);
    expect(waterfall.exitCode).toBe(0);
    expect(waterfall.stdout).toMatch(/gateway\s+POST \/payments/);
    expect(waterfall.stdout).toMatch(/ledger\s+ +process payments\.events partition \d/);

    // Logs and traces join: the services' JSON lines carry the trace id beside the correlation id.
    const logs = await platform(['logs', 'payments', '--json']);
    const lines = logs.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).line as string)
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.correlationId === correlationId).map((l) => l.traceId)).toContain(traceId);
    const human = await platform(['logs', 'payments']);
    expect(human.stdout).toContain(`cid=${correlationId} trace=${traceId}`);

    const last = await platformJson<{ traceId: string }[]>(['trace', '--last', '50']);
    expect(last.map((t) => t.traceId)).toContain(traceId);
  });
});

describe('send --trace', () => {
  it('send tcp --trace roots the trace in the CLI and prints the server side', async () => {
    const r = await platformJson<{ reply: unknown; trace: Trace }>([
      'send',
      'tcp',
      'ledger',
      'ledger.balance',
      '{"accountId":"cus_alice"}',
      '--trace',
    ]);
    expect(r.reply).toMatchObject({ accountId: 'cus_alice' });
    const root = find(r.trace.spans, { service: 'platform-cli', kind: 'client', name: 'ledger.balance' })!;
    const server = find(r.trace.spans, { service: 'ledger', kind: 'server', name: 'ledger.balance' })!;
    expect(server.parentSpanId).toBe(root.spanId);
    const text = await platform(['send', 'tcp', 'ledger', 'ledger.balance', '{"accountId":"cus_alice"}', '--trace']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/platform-cli\s+ledger\.balance \(client\)/);
  });

  it('send kafka --trace follows the message into both consumers (a poison message: red, dead-lettered)', async () => {
    const r = await sendPoisonTraced(`trace-${RUN}`);
    const root = find(r.trace.spans, { service: 'platform-cli', kind: 'producer' })!;
    for (const svc of ['ledger', 'notifications']) {
      const consume = find(r.trace.spans, { service: svc, kind: 'consumer' })!;
      expect(consume.parentSpanId).toBe(root.spanId);
      expect(consume.status).toBe('error');
      expect(
        r.trace.spans.some(
          (s) => s.service === svc && s.kind === 'producer' && s.attributes['messaging.destination.name'] === 'payments.events.dlt',
        ),
      ).toBe(true);
    }
  });
});

describe('platform trace: your own OTLP backend', () => {
  it('OTEL_EXPORTER_OTLP_ENDPOINT gets the spans as well, in OTEL_EXPORTER_OTLP_PROTOCOL; the stack keeps its copy', async () => {
    // The "collector": a plain OTLP/HTTP endpoint that keeps what it is sent.
    const posts: { type: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push({ type: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const state = await requireStack(process.env.PLATFORM_STATE_DIR ?? join(ROOT, '.platform'));
    const restartNotifications = (env: Record<string, string>) =>
      control(state, 'POST', '/restart', { name: 'notifications', env }, 120_000);
    try {
      await restartNotifications({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
      // Traced from the CLI: the stack's receiver has the whole trace, notifications' consume included.
      const r = await sendPoisonTraced(`own-${RUN}`);
      const consume = find(r.trace.spans, { service: 'notifications', kind: 'consumer' })!;
      expect(consume).toBeDefined();
      // ...and the collector got that same span, as OTLP JSON.
      type Posted = {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: { spans: { traceId: string; spanId: string }[] }[];
      };
      await eventually(() => {
        const theirs = posts
          .filter((p) => p.type.includes('application/json'))
          .flatMap((p) => (JSON.parse(p.body) as { resourceSpans: Posted[] }).resourceSpans)
          .filter((rs) => rs.resource.attributes.some((a) => a.key === 'service.name' && a.value.stringValue === 'notifications'))
          .flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
        if (!theirs.some((sp) => sp.traceId === consume.traceId && sp.spanId === consume.spanId))
          throw new Error(`the collector got ${posts.length} posts, without notifications' consume span ${consume.spanId}`);
        return true;
      });
      expect(posts.every((p) => p.type.includes('application/json'))).toBe(true);
    } finally {
      await restartNotifications({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_PROTOCOL: '' });
      collector.close();
    }
  });
});

describe('platform trace: bad input and faults', () => {
  it('an unknown id exits 2 and lists the newest trace ids', async () => {
    const r = await platform(['trace', 'no-such-trace-anywhere']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no trace with id or correlation id "no-such-trace-anywhere"');
    expect(r.stderr).toMatch(/the newest traces are:\n\s+[0-9a-f]{32}/);
  });

  it('the receiver answers malformed OTLP with 400 and keeps taking spans from any process', async () => {
    const bad = await fetch(`${RECEIVER}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans": 7',
    });
    expect(bad.status).toBe(400);
    const wrong = await fetch(`${RECEIVER}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff]),
    });
    expect(wrong.status).toBe(400);
    const traceId = Buffer.from(RUN.padEnd(16, '0').slice(0, 16)).toString('hex');
    const now = BigInt(Date.now()) * 1_000_000n;
    const ok = await fetch(`${RECEIVER}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'someone-elses-app' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId,
                    spanId: '00f067aa0ba902b7',
                    name: 'GET /things',
                    kind: 2,
                    startTimeUnixNano: String(now),
                    endTimeUnixNano: String(now + 5_000_000n),
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(ok.status).toBe(200);
    const t = await platformJson<Trace>(['trace', traceId]);
    expect(t.spans).toMatchObject([{ service: 'someone-elses-app', name: 'GET /things', kind: 'server' }]);
  });
});
