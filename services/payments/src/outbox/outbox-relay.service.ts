import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { DocumentLocks, HEADERS, HealthRegistry, createKafka, serviceConfig, withCorrelationId } from '@platform/nest-kit';
import { Payment, type OutboxEvent } from '../payments/schemas/payment.schema.js';
import { PAYMENTS_EVENTS_TOPIC } from '../payments/payment-events.js';
import { paymentLockKey } from '../payments/payment-view.js';
import { OutboxMessage } from './schemas/outbox-message.schema.js';

/** The safety-net sweep of `payments_outbox` (small: only undelivered events). */
const SWEEP_MS = Number(process.env.OUTBOX_SWEEP_MS ?? process.env.OUTBOX_POLL_MS ?? 2_000);
/** Younger queue entries belong to a write still in flight somewhere: left to its writer. */
const GRACE_MS = 5_000;
/** Older entries whose payment does not record the event were never committed: dropped. */
const ORPHAN_MS = 60_000;
const BATCH = 200;
const BASE_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/** An outbox entry and its position in the payment's `outbox` array (entries are only ever appended). */
export interface QueuedEntry {
  index: number;
  entry: OutboxEvent;
}

interface Ready extends QueuedEntry {
  paymentId: string;
}

/**
 * Publishes payment events to Kafka, at least once; consumers drop repeats by event id.
 *
 * A writer calls `enqueue` (insert into `payments_outbox`), then writes the payment with the same
 * event in its `outbox[]` (the commit: state and event in one document), then `nudge`: the relay
 * publishes from memory at once, batching whatever queued up meanwhile into one Kafka send, and
 * deletes the queue entries. No read and no update of `payments` on the way: on FerretDB 1.24 each
 * of those scans the whole, ever-growing collection (its `_id` index is not used by the SQLite
 * backend), and an update does so while holding SQLite's only write lock.
 *
 * The sweep (start-up, then every OUTBOX_SWEEP_MS) publishes what a crash or a Kafka outage left
 * in the queue, once the payment is seen to hold the event; it drops entries whose payment write
 * never happened after ORPHAN_MS. Payments written before this queue existed (`pendingEvents > 0`)
 * are moved into it once, at start-up.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private connected = false;
  private timer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private running = false;
  private rerun = false;
  private sweepDue = true;
  /** Older payments still to move into the queue (undefined: not looked up yet). */
  private legacy?: string[];
  private failures = 0;
  private retryAt = 0;
  /** Committed events to publish, by event id, in the order they were written. */
  private readonly ready = new Map<string, Ready>();

  constructor(
    @InjectModel(Payment.name) private readonly payments: Model<Payment>,
    @InjectModel(OutboxMessage.name) private readonly outbox: Model<OutboxMessage>,
    private readonly health: HealthRegistry,
    private readonly locks: DocumentLocks,
  ) {}

  onApplicationBootstrap() {
    const { kafkaBrokers, name } = serviceConfig(process.env, { name: 'payments', tcpPort: 0 });
    const brokers = kafkaBrokers.length ? kafkaBrokers : ['127.0.0.1:9092'];
    this.producer = createKafka({ clientId: `${name}-relay`, brokers, logger: this.logger }).producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.producer.on(this.producer.events.DISCONNECT, () => { this.connected = false; });
    this.health.register('kafka-producer', async () => {
      if (!this.connected) throw new Error('outbox relay producer not connected');
    });
    this.timer = setInterval(() => {
      this.sweepDue = true;
      this.nudge();
    }, SWEEP_MS);
    this.nudge();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    await this.producer?.disconnect().catch(() => undefined);
  }

  /** Before the payment write that records these events. */
  async enqueue(paymentId: string, entries: QueuedEntry[]): Promise<void> {
    await this.outbox.insertMany(entries.map(({ index, entry }) => ({
      _id: entry.eventId, paymentId, index, type: entry.type, payload: entry.payload, correlationId: entry.correlationId, createdAt: entry.createdAt,
    })), { ordered: false });
  }

  /** The payment write failed: these events were never committed. */
  async discard(entries: QueuedEntry[]): Promise<void> {
    await this.outbox.deleteMany({ _id: { $in: entries.map(({ entry }) => entry.eventId) } }).catch(() => undefined);
  }

  /** After the payment write: publishes these events now (or right after the drain in progress). */
  nudge(paymentId?: string, entries: QueuedEntry[] = []): void {
    for (const e of entries) this.ready.set(e.entry.eventId, { paymentId: paymentId!, ...e });
    if (this.running) {
      this.rerun = true;
      return;
    }
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      // Backing off after a failure: come back when the backoff is over, not at the next sweep.
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = undefined;
        this.nudge();
      }, wait);
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.rerun) {
        this.rerun = false;
        this.nudge();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      if (!this.connected) {
        await this.producer!.connect();
        this.connected = true;
      }
      // One scan of `payments` at start-up; the moves go a few per drain so new events never wait behind them.
      this.legacy ??= (await this.payments.find({ pendingEvents: { $gt: 0 } }, { _id: 1 }).lean<{ _id: string }[]>().exec()).map((p) => p._id);
      if (this.sweepDue) {
        await this.sweep();
        this.sweepDue = false;
      }
      while (this.ready.size) {
        const batch = [...this.ready.values()].slice(0, BATCH);
        await this.producer!.send({ topic: PAYMENTS_EVENTS_TOPIC, messages: batch.map(message) });
        // If this delete fails, the entries are published again later: at least once.
        await this.outbox.deleteMany({ _id: { $in: batch.map((r) => r.entry.eventId) } });
        for (const r of batch) {
          this.ready.delete(r.entry.eventId);
          withCorrelationId(r.entry.correlationId, () =>
            this.logger.log({ msg: 'event published', eventId: r.entry.eventId, eventType: r.entry.type, paymentId: r.paymentId, topic: PAYMENTS_EVENTS_TOPIC }),
          );
        }
      }
      if (this.legacy.length) {
        await this.moveLegacy(this.legacy.slice(0, 10));
        this.legacy.splice(0, 10);
        this.sweepDue = true;
        this.rerun = true;
      }
      this.failures = 0;
    } catch (e) {
      // The broker or the database is down: keep everything queued and retry with backoff, forever.
      this.failures++;
      const delay = Math.min(BASE_BACKOFF_MS * 2 ** this.failures, MAX_BACKOFF_MS);
      this.retryAt = Date.now() + delay;
      this.rerun = true;
      this.logger.warn({ msg: 'outbox relay could not publish, will retry', error: (e as Error).message, retryInMs: delay });
    }
  }

  /** Queue entries not published from memory: committed ones go out (in outbox order), orphans are dropped. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    const stragglers = (await this.outbox.find({}).lean<OutboxMessage[]>().exec())
      .filter((m) => !this.ready.has(m._id) && now - new Date(m.createdAt).getTime() > GRACE_MS)
      .sort((a, b) => (a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : a.index - b.index));
    const orphans: string[] = [];
    const payments = new Map<string, Payment | null>();
    for (const m of stragglers) {
      if (!payments.has(m.paymentId)) payments.set(m.paymentId, await this.payments.findById(m.paymentId).lean<Payment>().exec());
      const payment = payments.get(m.paymentId);
      const committed = payment?.outbox.find((e) => e.eventId === m._id);
      if (committed) this.ready.set(m._id, { paymentId: m.paymentId, index: m.index, entry: committed });
      else if (now - new Date(m.createdAt).getTime() > ORPHAN_MS) orphans.push(m._id);
    }
    if (orphans.length) {
      await this.outbox.deleteMany({ _id: { $in: orphans } });
      this.logger.warn({ msg: 'dropped outbox entries whose payment write never happened', eventIds: orphans });
    }
  }

  /** Payments from before the queue: their unsent entries go into it, then the payment no longer counts as pending. */
  private async moveLegacy(ids: string[]): Promise<void> {
    for (const _id of ids) {
      await this.locks.withLock(paymentLockKey(_id), async () => {
        const p = await this.payments.findById(_id).lean<Payment>().exec();
        if (!p) return;
        const unsent = p.outbox.map((entry, index) => ({ index, entry })).filter(({ entry }) => !entry.sentAt);
        if (unsent.length) await this.enqueue(_id, unsent).catch((e) => { if ((e as { code?: number }).code !== 11000) throw e; });
        await this.payments.updateOne({ _id }, { $set: { pendingEvents: 0 } });
      });
    }
    this.logger.log({ msg: 'moved pending events of older payments into the outbox queue', payments: ids.length, left: this.legacy!.length - ids.length });
  }
}

function message({ paymentId, entry }: Ready): Message {
  return {
    key: paymentId,
    value: JSON.stringify(entry.payload),
    headers: {
      [HEADERS.eventId]: entry.eventId,
      [HEADERS.eventType]: entry.type,
      ...(entry.correlationId ? { [HEADERS.correlationId]: entry.correlationId } : {}),
    },
  };
}
