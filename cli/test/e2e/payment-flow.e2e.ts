import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { DEMO_KEYS, eventually, httpJson, ROOT, sleep, stack } from '../support/stack.js';
import { containsCardNumber } from '../../../packages/nest-kit/src/card-data.js';

/**
 * The reference payment flow against a running, seeded stack (demos/data/payment-flow.json).
 * Addresses come from the environment so the same file runs against `platform up` or a
 * hand-started stack; every id is unique per run, so reruns against a live stack pass.
 */
const GATEWAY = process.env.PLATFORM_GATEWAY_URL ?? stack.gatewayUrl;
const BROKERS = (process.env.KAFKA_BROKERS ?? stack.kafkaBrokers.join(',')).split(',');
const MONGO_URL = process.env.MONGO_URL ?? stack.mongoUrl;
const PAYMENTS_TCP_PORT = Number(process.env.PAYMENTS_TCP_PORT ?? stack.tcpPort(4001));
const LOGS_DIR = process.env.PLATFORM_LOGS_DIR ?? join(ROOT, '.platform', 'logs');

const TOPIC = 'payments.events';
const DLT = 'payments.events.dlt';
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const MERCHANT = 'm_acme';
/** Requests authenticate as m_acme unless they say otherwise. */
const ACME = { Authorization: `Bearer ${DEMO_KEYS.m_acme}` };
const GLOBEX = { Authorization: `Bearer ${DEMO_KEYS.m_globex}` };
const ALICE = { customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa' };
const CAROL_LOW_FUNDS = { customerId: 'cus_carol', paymentMethodId: 'pm_carol_visa' };

interface Seen {
  topic: string;
  key: string | undefined;
  value: string;
  headers: Record<string, string>;
}

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let tail: Consumer;
let mongo: MongoClient;
let db: Db;
const seen: Seen[] = [];
let keyCounter = 0;
const newKey = (label: string) => `e2e-${RUN}-${label}-${++keyCounter}`;

// ---------------------------------------------------------------- helpers

function api(method: string, path: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  return httpJson(`${GATEWAY}${path}`, method, { ...opts, headers: { ...ACME, ...opts.headers } });
}

function pay(body: Record<string, unknown>, key: string | null = newKey('pay'), headers: Record<string, string> = {}) {
  return api('POST', '/payments', {
    body,
    headers: { ...(key ? { 'Idempotency-Key': key } : {}), ...headers },
  });
}

function headersOf(h: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
}

function eventsFor(paymentId: string, type?: string): Seen[] {
  return seen.filter((m) => m.topic === TOPIC && m.key === paymentId && (!type || m.headers['event-type'] === type));
}

const waitForEvent = (paymentId: string, type: string) => eventually(() => eventsFor(paymentId, type)[0], 15_000, 100);

/** Committed offsets of `groupId` behind the end of payments.events, summed over partitions. */
async function lagOf(groupId: string): Promise<number> {
  const [ends, [group]] = await Promise.all([admin.fetchTopicOffsets(TOPIC), admin.fetchOffsets({ groupId, topics: [TOPIC] })]);
  const committed = new Map(group.partitions.map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce((sum, p) => sum + Number(p.high) - Math.max(committed.get(p.partition) ?? -1, Number(p.low)), 0);
}

const waitForZeroLag = (groupId: string) => eventually(async () => (await lagOf(groupId)) === 0 || undefined, 20_000, 250);

const postingsFor = (paymentId: string) => db.collection('ledger_postings').find({ paymentId }).toArray();
const notificationsFor = (paymentId: string) => db.collection('notifications').find({ paymentId }).toArray();

function legSum(posting: { legs: { amount: number }[] }): number {
  return posting.legs.reduce((s, l) => s + l.amount, 0);
}

/** NestJS TCP framing: `<length>#<json>`, length in UTF-16 code units. */
function frame(message: unknown): string {
  const json = JSON.stringify(message);
  return `${json.length}#${json}`;
}

/** One request/response over a fresh TCP connection to a service. */
function tcpRequest(port: number, pattern: string, data: unknown, timeoutMs = 5000): Promise<{ response?: any; err?: any }> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${pattern}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(frame({ pattern, data, id })));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const hash = buffer.indexOf('#');
        if (hash < 0) return;
        const length = Number(buffer.slice(0, hash));
        if (buffer.length < hash + 1 + length) return;
        const message = JSON.parse(buffer.slice(hash + 1, hash + 1 + length));
        buffer = buffer.slice(hash + 1 + length);
        if (message.id === id && ('err' in message || 'response' in message)) {
          clearTimeout(timer);
          socket.destroy();
          resolve(message.err !== undefined && message.err !== null ? { err: message.err } : { response: message.response });
          return;
        }
      }
    });
  });
}

/** Writes raw bytes to a fresh connection and waits until the server closes it or `ms` pass. */
function sendRaw(port: number, chunks: (string | Buffer)[], ms = 2000): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, ms);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
  });
}

// ---------------------------------------------------------------- lifecycle

beforeAll(async () => {
  kafka = new Kafka({ clientId: `e2e-${RUN}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer();
  tail = kafka.consumer({ groupId: `e2e-payment-flow-${RUN}` });
  mongo = await MongoClient.connect(MONGO_URL);
  db = mongo.db();
  await Promise.all([admin.connect(), producer.connect(), tail.connect()]);
  await tail.subscribe({ topics: [TOPIC, DLT], fromBeginning: false });
  // A new group starts at the end of each partition once it has fetched: wait for that first fetch.
  const fetched = new Promise<void>((resolve) => tail.on(tail.events.FETCH, () => resolve()));
  await tail.run({
    eachMessage: async ({ topic, message }) => {
      seen.push({ topic, key: message.key?.toString(), value: message.value?.toString() ?? '', headers: headersOf(message.headers) });
    },
  });
  await fetched;
  await sleep(500);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([tail?.disconnect(), producer?.disconnect(), admin?.disconnect(), mongo?.close()]);
});

// ---------------------------------------------------------------- tests

describe('payment flow: happy path', () => {
  let payment: any;
  const correlationId = `e2e-${RUN}-happy`;

  it('answers GET /health with 200 when payments and ledger are reachable', async () => {
    const r = await api('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });

  it('captures a payment: 201, correlation id echoed', async () => {
    const r = await pay({ amount: 2500, currency: 'EUR', ...ALICE, description: `happy ${RUN}` }, newKey('happy'), {
      'X-Correlation-Id': correlationId,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'captured', amount: 2500, currency: 'EUR', merchantId: MERCHANT, refundedAmount: 0 });
    expect(r.body.id).toMatch(/^pay_/);
    expect(r.headers.get('x-correlation-id')).toBe(correlationId);
    payment = r.body;
  });

  it('publishes payment.captured on payments.events, keyed by payment id, with event headers', async () => {
    const event = await waitForEvent(payment.id, 'payment.captured');
    expect(event.headers['event-id']).toMatch(/^evt_/);
    expect(event.headers['correlation-id']).toBe(correlationId);
    expect(JSON.parse(event.value)).toMatchObject({ type: 'payment.captured', paymentId: payment.id, amount: 2500, currency: 'EUR' });
  });

  it('posts exactly one balanced pair in the ledger and records one notification', async () => {
    const postings = await eventually(async () => ((await postingsFor(payment.id)).length ? postingsFor(payment.id) : undefined));
    await sleep(500);
    expect(await postingsFor(payment.id)).toHaveLength(1);
    expect(postings[0].legs).toHaveLength(2);
    expect(legSum(postings[0])).toBe(0);
    expect(postings[0].legs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: ALICE.customerId, amount: -2500 }),
        expect.objectContaining({ account: MERCHANT, amount: 2500 }),
      ]),
    );
    const notifications = await eventually(async () =>
      (await notificationsFor(payment.id)).length ? notificationsFor(payment.id) : undefined,
    );
    expect(notifications).toHaveLength(1);
    expect(notifications[0].eventType).toBe('payment.captured');
  });

  it('answers GET /payments/:id for the owning merchant only', async () => {
    const mine = await api('GET', `/payments/${payment.id}`, {});
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: payment.id, status: 'captured' });
    const theirs = await api('GET', `/payments/${payment.id}`, { headers: GLOBEX });
    expect(theirs.status).toBe(404);
  });

  it('releases the hold once captured and reports the balance from postings', async () => {
    // This payment's hold. Alice may hold others: a test that kills payments mid-request leaves
    // holds that only their expiry releases, and files do not always run in the same order.
    await eventually(async () => {
      const account = await db.collection('ledger_accounts').findOne({ _id: ALICE.customerId as never });
      return account && !(account.holds ?? []).some((h: { paymentId: string }) => h.paymentId === payment.id);
    });
    const r = await api('GET', `/accounts/${ALICE.customerId}/balance`);
    const eur = r.body.balances?.find((b: any) => b.currency === 'EUR');
    expect(eur.available).toBe(eur.posted - eur.held);
  });

  it('keeps the correlation id in the log lines of every service it touched', async () => {
    if (!existsSync(LOGS_DIR)) return; // logs live where the supervisor put them; nothing to read otherwise
    for (const service of ['gateway', 'payments', 'ledger', 'notifications']) {
      const file = join(LOGS_DIR, `${service}.log`);
      if (!existsSync(file)) continue;
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes(correlationId));
      expect(lines.length, `${service} logged nothing with ${correlationId}`).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line).correlationId).toBe(correlationId);
    }
  });

  it('keeps the books balanced: all postings sum to zero per currency', async () => {
    const totals = await db
      .collection('ledger_postings')
      .aggregate([{ $unwind: '$legs' }, { $group: { _id: '$legs.currency', total: { $sum: '$legs.amount' } } }])
      .toArray();
    for (const t of totals) expect(t.total, `currency ${t._id}`).toBe(0);
  });
});

describe('payment flow: insufficient funds', () => {
  it('answers 402, publishes payment.failed and posts nothing', async () => {
    const r = await pay({ amount: 900_000, currency: 'EUR', ...CAROL_LOW_FUNDS });
    expect(r.status, JSON.stringify(r.body)).toBe(402);
    expect(r.body.code).toBe('INSUFFICIENT_FUNDS');
    const id = r.body.payment.id;
    expect(r.body.payment.status).toBe('failed');
    const event = await waitForEvent(id, 'payment.failed');
    expect(JSON.parse(event.value).failure.code).toBe('INSUFFICIENT_FUNDS');
    await eventually(async () => ((await notificationsFor(id)).length ? true : undefined));
    await waitForZeroLag('ledger');
    expect(await postingsFor(id)).toHaveLength(0);
  });

  it('fails unknown customers and payment methods with 404, without holding anything', async () => {
    const unknownCustomer = await pay({ amount: 100, currency: 'EUR', customerId: `cus_nobody_${RUN}`, paymentMethodId: 'pm_alice_visa' });
    expect(unknownCustomer.status).toBe(404);
    expect(unknownCustomer.body.code).toBe('UNKNOWN_CUSTOMER');
    const foreignMethod = await pay({ amount: 100, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_bob_amex' });
    expect(foreignMethod.status).toBe(404);
    expect(foreignMethod.body.code).toBe('UNKNOWN_PAYMENT_METHOD');
  });
});

describe('payment flow: idempotency', () => {
  const body = { amount: 1200, currency: 'EUR', ...ALICE };

  it('answers a sequential retry with the original payment', async () => {
    const key = newKey('seq');
    const first = await pay(body, key);
    const second = await pay({ currency: 'EUR', ...ALICE, amount: 1200 }, key); // same body, other key order
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.status).toBe(first.body.status);
  });

  it('creates exactly one payment when 20 identical requests arrive at once', async () => {
    const key = newKey('burst');
    const replies = await Promise.all(Array.from({ length: 20 }, () => pay(body, key)));
    const statuses = new Set(replies.map((r) => r.status));
    const ids = new Set(replies.map((r) => r.body.id));
    expect([...statuses], JSON.stringify(replies.map((r) => r.body))).toEqual([201]);
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(await db.collection('payments').countDocuments({ merchantId: MERCHANT, idempotencyKey: key })).toBe(1);
    await waitForEvent(id, 'payment.captured');
    await sleep(500);
    // One event. The outbox delivers at least once: a publish slower than its grace may be sent again, with the same event-id.
    expect(new Set(eventsFor(id, 'payment.captured').map((m) => m.headers['event-id'])).size).toBe(1);
  });

  it('replays a failed payment with the same 402', async () => {
    const key = newKey('failed-replay');
    const first = await pay({ amount: 900_000, currency: 'EUR', ...CAROL_LOW_FUNDS }, key);
    const again = await pay({ amount: 900_000, currency: 'EUR', ...CAROL_LOW_FUNDS }, key);
    expect(first.status).toBe(402);
    expect(again.status).toBe(402);
    expect(again.body.payment.id).toBe(first.body.payment.id);
  });

  it('refuses the same key with a different body (422, never retryable)', async () => {
    const key = newKey('mismatch');
    expect((await pay(body, key)).status).toBe(201);
    const other = await pay({ ...body, amount: 1300 }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.headers.get('retry-after')).toBeNull();
  });

  it('scopes keys per merchant', async () => {
    const key = newKey('scoped');
    const acme = await pay(body, key);
    const globex = await api('POST', '/payments', {
      body: { ...body, customerId: 'cus_bob', paymentMethodId: 'pm_bob_amex' },
      headers: { ...GLOBEX, 'Idempotency-Key': key },
    });
    expect(acme.status).toBe(201);
    expect(globex.status).toBe(201);
    expect(globex.body.id).not.toBe(acme.body.id);
  });

  it('stores keys with an expiry at least 24 hours ahead', async () => {
    const key = newKey('expiry');
    await pay(body, key);
    const claim = await db.collection('idempotency_keys').findOne({ merchantId: MERCHANT, key });
    expect(new Date(claim!.expiresAt).getTime() - Date.now()).toBeGreaterThanOrEqual(24 * 3_600_000 - 60_000);
  });
});

describe('payment flow: refunds', () => {
  let id: string;
  const refund = (amount?: number, headers: Record<string, string> = {}) =>
    api('POST', `/payments/${id}/refunds`, { body: amount === undefined ? {} : { amount }, headers });

  beforeAll(async () => {
    const r = await pay({ amount: 3000, currency: 'EUR', ...ALICE });
    expect(r.status).toBe(201);
    id = r.body.id;
  });

  it('refunds part, refuses more than what is left, then refunds the rest', async () => {
    const partial = await refund(1000);
    expect(partial.status, JSON.stringify(partial.body)).toBe(201);
    expect(partial.body.payment).toMatchObject({ status: 'partially_refunded', refundedAmount: 1000 });
    const over = await refund(2001);
    expect(over.status).toBe(409);
    const rest = await refund();
    expect(rest.status).toBe(201);
    expect(rest.body.refund.amount).toBe(2000);
    expect(rest.body.payment).toMatchObject({ status: 'refunded', refundedAmount: 3000 });
    expect((await refund(1)).status).toBe(409);
  });

  it('posts each refund once, balanced, and publishes payment.refunded for each', async () => {
    await eventually(() => (eventsFor(id, 'payment.refunded').length === 2 ? true : undefined));
    const postings = await eventually(async () => {
      const p = await postingsFor(id);
      return p.length === 3 ? p : undefined;
    });
    for (const p of postings) expect(legSum(p)).toBe(0);
    expect(
      postings
        .filter((p) => p.kind === 'refund')
        .map((p) => p.legs.find((l: any) => l.account === ALICE.customerId).amount)
        .sort(),
    ).toEqual([1000, 2000]);
  });

  it('never refunds above the captured amount, even concurrently', async () => {
    const r = await pay({ amount: 3000, currency: 'EUR', ...ALICE });
    id = r.body.id;
    const replies = await Promise.all(Array.from({ length: 6 }, () => refund(1000)));
    expect(replies.filter((x) => x.status === 201)).toHaveLength(3);
    expect(replies.filter((x) => x.status === 409)).toHaveLength(3);
    const final = await api('GET', `/payments/${id}`, {});
    expect(final.body).toMatchObject({ refundedAmount: 3000, status: 'refunded' });
  });

  it('applies a retried refund with the same Idempotency-Key once', async () => {
    const r = await pay({ amount: 3000, currency: 'EUR', ...ALICE });
    id = r.body.id;
    const key = newKey('refund');
    const first = await refund(500, { 'Idempotency-Key': key });
    const again = await refund(500, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body.refund.id).toBe(first.body.refund.id);
    expect(again.body.payment.refundedAmount).toBe(500);
  });

  it('refuses to refund a failed payment', async () => {
    const failed = await pay({ amount: 900_000, currency: 'EUR', ...CAROL_LOW_FUNDS });
    id = failed.body.payment.id;
    expect((await refund()).status).toBe(409);
  });
});

describe('payment flow: duplicate delivery', () => {
  it('changes nothing in ledger or notifications when the same event arrives twice more', async () => {
    const r = await pay({ amount: 700, currency: 'EUR', ...ALICE });
    const original = await waitForEvent(r.body.id, 'payment.captured');
    await eventually(async () => ((await notificationsFor(r.body.id)).length && (await postingsFor(r.body.id)).length ? true : undefined));
    const message = { key: original.key, value: original.value, headers: original.headers };
    await producer.send({ topic: TOPIC, messages: [message, message] });
    await Promise.all([waitForZeroLag('ledger'), waitForZeroLag('notifications')]);
    expect(await postingsFor(r.body.id)).toHaveLength(1);
    expect(await notificationsFor(r.body.id)).toHaveLength(1);
  });
});

describe('payment flow: poison messages', () => {
  it('dead-letters a message that is not JSON, with the reason in headers, and both consumers move on', async () => {
    const key = `poison-${RUN}`;
    await producer.send({ topic: TOPIC, messages: [{ key, value: '{"not json', headers: { 'event-id': `evt_poison_${RUN}` } }] });
    const letters = await eventually(() => {
      const l = seen.filter((m) => m.topic === DLT && m.key === key);
      return l.length >= 2 ? l : undefined;
    }, 20_000);
    expect(new Set(letters.map((l) => l.headers['dlt-consumer-group']))).toEqual(new Set(['ledger', 'notifications']));
    for (const letter of letters) {
      expect(letter.headers['dlt-original-topic']).toBe(TOPIC);
      expect(letter.headers['dlt-error']).toMatch(/JSON/);
      expect(Number(letter.headers['dlt-attempts'])).toBeGreaterThanOrEqual(1);
      expect(letter.value).toBe('{"not json');
    }
    await waitForZeroLag('notifications');
    await waitForZeroLag('ledger');
  });

  it('dead-letters an event carrying a card number at once, saying where, the number masked', async () => {
    const key = `invalid-${RUN}`;
    const value = JSON.stringify({
      eventId: `evt_invalid_${RUN}`,
      type: 'payment.captured',
      paymentId: 'pay_x',
      amount: 'lots',
      note: '4111 1111 1111 1111',
    });
    await producer.send({ topic: TOPIC, messages: [{ key, value }] });
    const letter = await eventually(() => seen.find((m) => m.topic === DLT && m.key === key), 20_000);
    expect(letter.headers['dlt-error']).toMatch(/card data at value\.note/);
    expect(letter.value).not.toContain('4111 1111 1111 1111');
    await waitForZeroLag('notifications');
  });

  it('keeps processing real payments afterwards', async () => {
    const r = await pay({ amount: 100, currency: 'EUR', ...ALICE });
    expect(r.status).toBe(201);
    await eventually(async () => ((await notificationsFor(r.body.id)).length ? true : undefined));
  });
});

describe('payment flow: validation', () => {
  const valid = { amount: 100, currency: 'EUR', ...ALICE };

  it('POST /payments: headers and body fields are checked, with field-level errors', async () => {
    const noKey = await pay(valid, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.fields).toHaveProperty('Idempotency-Key');
    const noApiKey = await api('POST', '/payments', { body: valid, headers: { Authorization: '', 'Idempotency-Key': newKey('v') } });
    expect(noApiKey.status).toBe(401);
    expect(noApiKey.body.code).toBe('UNAUTHORIZED');
    const bad = await pay({ amount: 12.5, currency: 'EURO', customerId: 'alice', paymentMethodId: 'card', surprise: true });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION');
    expect(Object.keys(bad.body.fields)).toEqual(
      expect.arrayContaining(['amount', 'currency', 'customerId', 'paymentMethodId', 'surprise']),
    );
    expect((await pay({ ...valid, amount: '100' })).status).toBe(400);
    expect((await pay({ ...valid, amount: 0 })).status).toBe(400);
    const malformed = await api('POST', '/payments', { raw: '{"amount":', headers: { 'Idempotency-Key': newKey('v') } });
    expect(malformed.status).toBe(400);
    const unknownKey = await api('POST', '/payments', {
      body: valid,
      headers: { Authorization: 'Bearer sk_test_nobody_0000000000000000', 'Idempotency-Key': newKey('v') },
    });
    expect(unknownKey.status).toBe(401);
  });

  it('GET /payments/:id: malformed id 400, unknown id 404', async () => {
    expect((await api('GET', '/payments/not-a-payment', {})).status).toBe(400);
    expect((await api('GET', `/payments/pay_missing${RUN}`, {})).status).toBe(404);
  });

  it('POST /payments/:id/refunds: amount must be a positive integer, no unknown fields', async () => {
    const p = await pay(valid);
    const refund = (body: unknown) => api('POST', `/payments/${p.body.id}/refunds`, { body });
    expect((await refund({ amount: 0 })).status).toBe(400);
    expect((await refund({ amount: 'ten' })).status).toBe(400);
    expect((await refund({ amount: 10, extra: 1 })).status).toBe(400);
    expect((await api('POST', `/payments/pay_missing${RUN}/refunds`, { body: {} })).status).toBe(404);
  });

  it('GET /accounts/:id/balance: malformed id 400, unknown account 404', async () => {
    expect((await api('GET', '/accounts/NOT!VALID/balance')).status).toBe(400);
    expect((await api('GET', `/accounts/cus_nobody${RUN}/balance`)).status).toBe(404);
  });
});

describe('payment flow: card data never enters', () => {
  const valid = { amount: 100, currency: 'EUR', ...ALICE };

  it.each([
    ['a cardNumber field', { ...valid, cardNumber: '4242424242424242' }],
    ['a cvv field', { ...valid, cvv: '123' }],
    ['a pan nested anywhere', { ...valid, card: { pan: 'x' } }],
    ['a Luhn-valid number in free text', { ...valid, description: 'card 4111 1111 1111 1111 exp 12/30' }],
  ])('refuses %s with 422 CARD_DATA_REFUSED and stores nothing', async (_label, body) => {
    const key = newKey('card');
    const r = await pay(body, key);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('CARD_DATA_REFUSED');
    expect(await db.collection('payments').countDocuments({ idempotencyKey: key })).toBe(0);
    expect(await db.collection('idempotency_keys').countDocuments({ key })).toBe(0);
  });

  it('accepts a 16-digit number that is not Luhn-valid', async () => {
    expect((await pay({ ...valid, description: 'order 4111111111111112' })).status).toBe(201);
  });

  it('refuses card data over TCP too', async () => {
    const r = await tcpRequest(PAYMENTS_TCP_PORT, 'payments.create', {
      merchantId: MERCHANT,
      idempotencyKey: newKey('tcp'),
      ...valid,
      pan: '4242424242424242',
    });
    expect(r.err?.code).toBe('CARD_DATA_REFUSED');
  });

  it('leaves no Luhn-valid number in any service log', async () => {
    if (!existsSync(LOGS_DIR)) return;
    for (const service of ['gateway', 'payments', 'ledger', 'notifications']) {
      const file = join(LOGS_DIR, `${service}.log`);
      if (!existsSync(file)) continue;
      const offending = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => containsCardNumber(l));
      expect(offending, service).toEqual([]);
    }
  });
});

describe('payment flow: payments survives bad TCP frames', () => {
  it('validates TCP payloads at the boundary', async () => {
    const r = await tcpRequest(PAYMENTS_TCP_PORT, 'payments.create', { merchantId: MERCHANT, amount: -1 });
    expect(r.err?.code).toBe('VALIDATION');
    expect(r.err?.fields).toHaveProperty('amount');
  });

  it('drops an oversize frame (> 1 MiB, no delimiter) and keeps answering health', async () => {
    const outcome = await sendRaw(PAYMENTS_TCP_PORT, [Buffer.alloc(1024 * 1024 + 4096, '7')], 5000);
    expect(outcome).toBe('closed');
    const health = await tcpRequest(PAYMENTS_TCP_PORT, 'platform.health', {});
    expect(health.response.service).toBe('payments');
  });

  it('survives malformed frames and keeps answering health', async () => {
    await sendRaw(PAYMENTS_TCP_PORT, ['12#{not json!!}']);
    await sendRaw(PAYMENTS_TCP_PORT, ['abc#{}']);
    await sendRaw(PAYMENTS_TCP_PORT, ['5#[1,2]']);
    const health = await tcpRequest(PAYMENTS_TCP_PORT, 'platform.health', {});
    expect(health.response.status).toBe('ok');
  });
});

describe('payment flow: running balances', () => {
  it("keeps every account's running totals equal to its postings' sum and its open holds", async () => {
    // Runs after payments, failures, refunds and duplicate deliveries above: once the ledger caught up,
    // every account that keeps running totals must agree with a derivation from scratch.
    await waitForZeroLag('ledger');
    let last: string[] = ['Alice keeps no running totals'];
    const mismatches = await eventually(
      async () => {
        const [accounts, postings] = await Promise.all([
          db.collection('ledger_accounts').find({}).toArray(),
          db.collection('ledger_postings').find({}).toArray(),
        ]);
        const posted = new Map<string, number>();
        for (const p of postings)
          for (const l of p.legs) posted.set(`${l.account}/${l.currency}`, (posted.get(`${l.account}/${l.currency}`) ?? 0) + l.amount);
        const withTotals = accounts.filter((a) => a.balances);
        const wrong: string[] = [];
        for (const a of withTotals) {
          const held = new Map<string, number>();
          for (const h of Object.values<any>(a.holds ?? {})) held.set(h.currency, (held.get(h.currency) ?? 0) + h.amount);
          const currencies = new Set([
            ...Object.keys(a.balances),
            ...held.keys(),
            ...[...posted.keys()].filter((k) => k.startsWith(`${a._id}/`)).map((k) => k.split('/')[1]),
          ]);
          for (const c of currencies) {
            const want = { posted: posted.get(`${a._id}/${c}`) ?? 0, held: held.get(c) ?? 0 };
            const got = a.balances[c] ?? { posted: 0, held: 0 };
            if (got.posted !== want.posted || got.held !== want.held)
              wrong.push(`${a._id} ${c}: running ${JSON.stringify(got)}, derived ${JSON.stringify(want)}`);
          }
        }
        // Alice paid above, so at least her account must keep totals (else this test checks nothing).
        if (!withTotals.some((a) => a._id === ALICE.customerId)) wrong.push('Alice keeps no running totals');
        last = wrong;
        return wrong.length === 0 ? wrong : undefined;
      },
      15_000,
      250,
    ).catch(() => last);
    expect(mismatches).toEqual([]);
  });

  it('answers ledger.reconcile with running and derived figures that agree', async () => {
    const r = await tcpRequest(stack.tcpPort(4002), 'ledger.reconcile', { accountId: ALICE.customerId });
    expect(r.err).toBeUndefined();
    expect(r.response.consistent).toBe(true);
    expect(r.response.running).toEqual(r.response.derived);
    expect(r.response.running.find((b: any) => b.currency === 'EUR').posted).toBeGreaterThan(0);
  });
});
