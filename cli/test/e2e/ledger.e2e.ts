import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { COLLECTIONS, CONSUMER_GROUPS, LEDGER_PATTERNS, TOPICS } from '@platform/contracts';
import { DEMO_KEYS, eventually, platform, platformJson, sleep, stack } from '../support/stack.js';

/**
 * The ledger's holds and its consumer against the running, seeded stack: a hold whose payment is
 * never written expires and is released by the sweep (also when a capture races it), and a
 * consumer that re-reads the whole topic applies nothing twice.
 */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const BOB = 'cus_bob';

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let mongo: MongoClient;
let db: Db;

interface Funds {
  currency: string;
  posted: number;
  held: number;
  available: number;
}

const send = (pattern: string, data: object) => platformJson(['send', 'tcp', 'ledger', pattern, JSON.stringify(data)]);
const eur = async (accountId: string): Promise<Funds> =>
  (await send(LEDGER_PATTERNS.balance, { accountId })).balances.find((b: Funds) => b.currency === 'EUR');
const reconcile = (accountId: string) => send(LEDGER_PATTERNS.reconcile, { accountId });
const holdsOf = async (accountId: string) =>
  ((await db.collection(COLLECTIONS.ledgerAccounts).findOne({ _id: accountId as never }))?.holds ?? []) as { paymentId: string }[];

async function lagOf(groupId: string): Promise<number> {
  const [ends, [group]] = await Promise.all([
    admin.fetchTopicOffsets(TOPICS.paymentsEvents),
    admin.fetchOffsets({ groupId, topics: [TOPICS.paymentsEvents] }),
  ]);
  const committed = new Map(group.partitions.map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce((sum, p) => sum + Number(p.high) - Math.max(committed.get(p.partition) ?? -1, Number(p.low)), 0);
}

beforeAll(async () => {
  kafka = new Kafka({ clientId: `e2e-ledger-${RUN}`, brokers: stack.kafkaBrokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer();
  mongo = await MongoClient.connect(stack.mongoUrl);
  db = mongo.db();
  await Promise.all([admin.connect(), producer.connect()]);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([producer?.disconnect(), admin?.disconnect(), mongo?.close()]);
});

describe('ledger: stuck holds', () => {
  it('releases a hold whose payment was never written once it expires', async () => {
    const before = await eur(BOB);
    const paymentId = `pay_stuck_${RUN}`;
    // Long enough that the next CLI call reads the hold before any sweep may take it, on a loaded machine too.
    const placed = await send(LEDGER_PATTERNS.hold, { paymentId, accountId: BOB, amount: 123, currency: 'EUR', expiresInMs: 8_000 });
    expect(placed).toMatchObject({ paymentId, accountId: BOB, held: true });
    expect(Date.parse(placed.expiresAt)).toBeGreaterThan(Date.now() - 5_000);
    const during = await eur(BOB);
    expect(during.held - before.held).toBe(123);
    expect(during.available).toBe(before.available - 123);

    await eventually(async () => ((await holdsOf(BOB)).some((h) => h.paymentId === paymentId) ? undefined : true), 30_000, 250);
    expect(await eur(BOB)).toEqual(before);
    expect((await reconcile(BOB)).consistent).toBe(true);
  });

  it('lets either the capture or the sweep take an expiring hold, never both', async () => {
    const before = await eur(BOB);
    const paymentId = `pay_race_${RUN}`;
    await send(LEDGER_PATTERNS.hold, { paymentId, accountId: BOB, amount: 77, currency: 'EUR', expiresInMs: 1000 });
    await sleep(1000); // expired: from now on the sweep may take it at any moment, while the capture arrives
    const event = {
      eventId: `evt_race_${RUN}`,
      type: 'payment.captured',
      occurredAt: new Date().toISOString(),
      paymentId,
      merchantId: 'm_acme',
      customerId: BOB,
      amount: 77,
      currency: 'EUR',
      status: 'captured',
    };
    await producer.send({
      topic: TOPICS.paymentsEvents,
      messages: [{ key: paymentId, value: JSON.stringify(event), headers: { 'event-id': event.eventId, 'event-type': event.type } }],
    });
    await eventually(
      async () =>
        (await lagOf(CONSUMER_GROUPS.ledger)) === 0 && !(await holdsOf(BOB)).some((h) => h.paymentId === paymentId) ? true : undefined,
      20_000,
      250,
    );
    const after = await eur(BOB);
    // The money moved once; the hold was dropped once (by whichever came first).
    expect(after.posted).toBe(before.posted - 77);
    expect(after.held).toBe(before.held);
    expect((await reconcile(BOB)).consistent).toBe(true);
  });
});

describe('ledger: redelivery', () => {
  it('re-reads events it already applied after a restart and applies nothing twice', async () => {
    const caughtUp = () => eventually(async () => ((await lagOf(CONSUMER_GROUPS.ledger)) === 0 ? true : undefined), 60_000, 250);
    await caughtUp();
    const from = await admin.fetchTopicOffsets(TOPICS.paymentsEvents);
    for (let i = 0; i < 6; i++) {
      const customerId = i % 2 ? 'cus_alice' : BOB;
      const r = await fetch(`${stack.gatewayUrl}/payments`, {
        method: 'POST',
        // Each customer is charged by its own merchant (Bob is Globex's).
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${customerId === BOB ? DEMO_KEYS.m_globex : DEMO_KEYS.m_acme}`,
          'idempotency-key': `redeliver-${RUN}-${i}`,
        },
        body: JSON.stringify({
          amount: 10 + i,
          currency: 'EUR',
          customerId,
          paymentMethodId: customerId === BOB ? 'pm_bob_amex' : 'pm_alice_visa',
        }),
      });
      expect(r.status).toBe(201);
    }
    await caughtUp();
    const postings = await db.collection(COLLECTIONS.ledgerPostings).countDocuments();
    const accounts = ['cus_alice', BOB];
    const before = await Promise.all(accounts.map(eur));

    // Stop the ledger, move its group back to where these payments' events start, start it again:
    // each of them is redelivered.
    const scaled = await platform(['scale', 'ledger=0']);
    expect(scaled.exitCode, scaled.stderr).toBe(0);
    await eventually(
      async () => ((await admin.describeGroups([CONSUMER_GROUPS.ledger])).groups[0].members.length === 0 ? true : undefined),
      30_000,
      500,
    );
    await admin.setOffsets({
      groupId: CONSUMER_GROUPS.ledger,
      topic: TOPICS.paymentsEvents,
      partitions: from.map((p) => ({ partition: p.partition, offset: p.offset })),
    });
    expect(await lagOf(CONSUMER_GROUPS.ledger)).toBeGreaterThanOrEqual(6);
    const back = await platform(['scale', 'ledger=1']);
    expect(back.exitCode, back.stderr).toBe(0);
    await caughtUp();

    expect(await db.collection(COLLECTIONS.ledgerPostings).countDocuments()).toBe(postings);
    expect(await Promise.all(accounts.map(eur))).toEqual(before);
    for (const accountId of accounts) expect((await reconcile(accountId)).consistent, accountId).toBe(true);
  });
});
