import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencies, makeRow } from '../lib/report.mjs';
import { alternate, warmUntilSteady } from '../lib/stats.mjs';

const CUSTOMERS = 200;
/** The merchant `seed --count` makes the synthetic customers for (`$seed.synthetic` of demos/data/payment-flow.json). */
const MERCHANT = 'm_synthetic';

/** C workers doing `op` back to back for `ms`; returns the rate and per-operation latencies. */
export async function closedLoop(concurrency, ms, op, limit = Infinity) {
  const lat = [];
  let failed = 0;
  let firstError;
  const started = performance.now();
  const end = started + ms;
  let seq = 0;
  const worker = async () => {
    while (performance.now() < end && seq < limit) {
      const t0 = performance.now();
      try {
        await op(seq++);
        lat.push(performance.now() - t0);
      } catch (e) {
        failed++;
        firstError ??= e.message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return { rate: (lat.length / elapsed) * 1000, ok: lat.length, failed, firstError, ...latencies(lat) };
}

/**
 * Document writes the flow makes per payment, counted by the database itself: one change stream
 * per collection (inserts, updates, replaces, deletes that changed a document; a refused insert or
 * an update that matched nothing is not a write), open while `n` payments go through (2 at a time,
 * so none times out under load) and until the consumers are done with them (no change for 3 s).
 * Undefined on an engine without change streams.
 */
async function writesPerPayment(db, n, pay) {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('bench_') && !name.startsWith('system.'));
  let writes = 0;
  let failed;
  const streams = names.map((name) => db.collection(name).watch());
  for (const s of streams) {
    s.on('change', () => writes++);
    s.on('error', (e) => (failed ??= e));
  }
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const r = await closedLoop(2, 600_000, pay, n);
    for (let last = -1; last !== writes && !failed;) {
      last = writes;
      await new Promise((r) => setTimeout(r, 3000));
    }
    return failed ? undefined : { writes, payments: r.ok, refused: r.failed, perPayment: Number((writes / r.ok).toFixed(2)) };
  } finally {
    await Promise.allSettled(streams.map((s) => s.close()));
  }
}

export function postJson(agent, port, path, headers, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 201
            ? resolve()
            : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * A pause after each run, so the work a run leaves behind (the consumers catching up on its events,
 * the database saving what it wrote, 88,000 documents for the peer) is done before the other side's
 * timed run starts, instead of counting against it.
 */
const SETTLE_MS = 3000;

/**
 * Funded synthetic customers to spread the holds over, of a merchant of their own, so the bench's
 * payments stay out of the lists other users of a shared (--use-running) stack look at; and a fresh
 * key for that merchant (keys are shown only when made). Returns a connected MongoClient (the
 * caller closes it) and the key.
 */
export async function seedPayers(stack) {
  await stack.run(['seed', '--count', String(CUSTOMERS), '--json']);
  const { apiKey } = JSON.parse((await stack.run(['keys', 'rotate', MERCHANT, '--json'])).stdout);
  const { MongoClient } = await import('mongodb');
  const mongo = new MongoClient(stack.mongoUrl, { maxPoolSize: 64 });
  await mongo.connect();
  return { mongo, apiKey };
}

/** One payment of EUR 0.01 by synthetic customer k (modulo `customers`), with a unique Idempotency-Key. */
export function pay(agent, httpPort, idempotencyKey, k, { apiKey, headers = {}, customers = CUSTOMERS } = {}) {
  const id = String(k % customers).padStart(8, '0');
  return postJson(
    agent,
    httpPort,
    '/payments',
    { 'idempotency-key': idempotencyKey, authorization: `Bearer ${apiKey}`, ...headers },
    { amount: 1, currency: 'EUR', customerId: `cus_syn_${id}`, paymentMethodId: `pm_syn_${id}`, description: 'bench' },
  );
}

/**
 * Payments per second through the gateway (POST /payments, unique Idempotency-Keys, a fixed number
 * of requests in flight) against the database's own single-document write rate at the same
 * concurrency: each payment is several such writes (payment with its outbox, idempotency record,
 * ledger hold), so the peer is the ceiling that shows how far the flow is from the storage limit.
 */
export default {
  id: 'payment',
  title: 'payment flow',
  needsStack: true,
  async run(ctx) {
    const { stack, quick } = ctx;
    const httpPort = stack.servicePort('gateway', 'http');
    if (!httpPort) throw Object.assign(new Error('no gateway with an HTTP port in the running stack'), { skip: true });
    const { mongo, apiKey } = await seedPayers(stack);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const concurrency = 16;
    const ms = quick ? 1500 : 15_000;
    const runId = `${Date.now().toString(36)}`;
    const oursRuns = [];
    const peerRuns = [];
    /** The k-th payment of run `tag`: spread over the funded customers, a unique Idempotency-Key each. */
    const payOnce =
      (tag, customers = CUSTOMERS) =>
      (k) =>
        pay(agent, httpPort, `bench-${runId}-${tag}-${k}`, k, { apiKey, customers });
    try {
      const peerColl = mongo.db().collection(`bench_writes_${runId}`);
      // On a fresh stack the JVMs (database and Kafka) and the services compile their hot paths for a
      // minute or more under this load (measured: 77, 104, 146, 162 payments/s in four successive
      // 15 s runs): untimed runs until the rate stops rising, so the timed runs see the steady state.
      const warm = quick ? [] : await warmUntilSteady((i) => closedLoop(concurrency, 10_000, payOnce(`warm${i}`)).then((r) => r.rate));
      const s = await alternate({
        runs: ctx.runs ?? (quick ? 1 : 3),
        warmup: 1,
        ours: async (i) => {
          const r = await closedLoop(concurrency, ms, payOnce(i));
          await sleep(SETTLE_MS);
          // A few refusals under load (503 after a ledger timeout) are part of the result, not a harness failure.
          if (!r.ok) throw new Error(`every payment failed; first: ${r.firstError}`);
          if (i >= 0) oursRuns.push(r);
          return r.rate;
        },
        peer: async (i) => {
          const r = await closedLoop(concurrency, ms, (k) =>
            peerColl.insertOne({
              _id: `pay_${runId}_${i}_${k}`,
              merchantId: MERCHANT,
              customerId: 'cus_syn_00000001',
              paymentMethodId: 'pm_syn_00000001',
              amount: 1,
              currency: 'EUR',
              status: 'captured',
              refundedAmount: 0,
              refunds: [],
              createdAt: new Date(),
              updatedAt: new Date(),
            }),
          );
          // Dropped after every run: 100,000 leftover documents would make the database's snapshots
          // (and its heap) bigger while the next payment run is timed.
          await peerColl.drop().catch(() => {});
          await sleep(SETTLE_MS);
          if (r.failed) throw new Error(`${r.failed} inserts failed; first: ${r.firstError}`);
          if (i >= 0) peerRuns.push(r);
          return r.rate;
        },
      });
      // Customers the timed runs already paid from: their running totals exist, so a one-time derivation is not counted.
      const counted = await writesPerPayment(mongo.db(), quick ? 16 : 100, payOnce('writes', 16)).catch(() => undefined);
      const med = (runs, k) => runs.map((r) => r[k]).sort((a, b) => a - b)[runs.length >> 1];
      const ours = {
        p50Ms: Number(med(oursRuns, 'p50').toFixed(2)),
        p99Ms: Number(med(oursRuns, 'p99').toFixed(2)),
        failed: oursRuns.reduce((a, r) => a + r.failed, 0),
      };
      const firstError = oursRuns.find((r) => r.firstError)?.firstError;
      return [
        makeRow({
          benchmark: 'payment flow',
          caseName: `POST /payments, concurrency ${concurrency}, ${ms / 1000} s per run`,
          metric: 'completed operations per second',
          unit: 'op/s',
          better: 'higher',
          ours: {
            label: 'POST /payments (gateway -> payments -> ledger)',
            samples: s.ours,
            extra: { ...ours, writesPerPayment: counted?.perPayment ?? null },
          },
          peer: {
            label: 'insertOne loop, same concurrency',
            samples: s.peer,
            extra: { p50Ms: Number(med(peerRuns, 'p50').toFixed(2)), p99Ms: Number(med(peerRuns, 'p99').toFixed(2)) },
          },
          goals: [{ text: 'report; p99 <= 3x p50', value: ours.p99Ms / ours.p50Ms, test: (v) => v <= 3 }],
          notes:
            (warm.length
              ? `untimed warm-up runs of 10 s until the rate stopped rising: ${warm.map((r) => r.toFixed(0)).join(', ')}/s; `
              : '') +
            `${oursRuns.reduce((a, r) => a + r.ok, 0)} payments captured in the timed runs, ${ours.failed} refused${firstError ? ` (first: ${firstError.slice(0, 160)})` : ''}; ` +
            (counted
              ? `${counted.perPayment} document writes per payment (${counted.writes} change-stream events for ${counted.payments} payments, ${counted.refused} refused, until the consumers were done)`
              : 'writes per payment not counted (the engine has no change streams)'),
        }),
      ];
    } finally {
      agent.destroy();
      await mongo.close();
    }
  },
};
