import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { TOPICS } from '@platform/contracts';
import {
  HEADERS,
  HealthRegistry,
  createKafka,
  serviceConfig,
  withCorrelationId,
  withTraceCarrier,
  withoutTracing,
  envNumber,
} from '@platform/nest-kit';
import { Payment, type OutboxEvent } from '../payments/schemas/payment.schema.js';

/** The safety-net sweep for events a crash or a Kafka outage left unsent. */
const SWEEP_MS = envNumber('OUTBOX_SWEEP_MS', envNumber('OUTBOX_POLL_MS', 2_000, 1), 1);
/** Payments changed more recently belong to a write still in flight (here or in another instance): left to their writer. */
const GRACE_MS = 5_000;
const BATCH = 200;
const BASE_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/** An outbox entry of one payment and its position in the payment's `outbox` array (entries are only appended). */
export interface Unsent {
  paymentId: string;
  index: number;
  entry: OutboxEvent;
}

/** `outbox.<i>.sentAt`: index paths instead of the positional `$`, which not every engine supports. */
export function markSent({ paymentId, index }: Unsent, at: Date) {
  const sentAt = `outbox.${index}.sentAt`;
  // Guarded: only an entry still unsent is marked and counted down, so a repeated mark changes nothing.
  return { updateOne: { filter: { _id: paymentId, [sentAt]: null }, update: { $set: { [sentAt]: at }, $inc: { pendingEvents: -1 } } } };
}

/**
 * Publishes payment events to Kafka, at least once; consumers drop repeats by event id.
 *
 * A writer appends the event to the payment's `outbox[]` in the same atomic write as the state
 * change (and `$inc`s `pendingEvents`), then calls `nudge`: the relay publishes from memory at once,
 * batching whatever queued up meanwhile into one Kafka send, then marks each entry sent with a
 * guarded update. The sweep (start-up, then every OUTBOX_SWEEP_MS) finds payments with
 * `pendingEvents > 0` (indexed) that no writer is working on and publishes their unsent entries.
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
  private failures = 0;
  private retryAt = 0;
  /** Committed events to publish, by event id, in the order they were written. */
  private readonly ready = new Map<string, Unsent>();

  constructor(
    @InjectModel(Payment.name) private readonly payments: Model<Payment>,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap() {
    const { kafkaBrokers, name } = serviceConfig(process.env, { name: 'payments', tcpPort: 0 });
    const brokers = kafkaBrokers.length ? kafkaBrokers : ['127.0.0.1:9092'];
    this.producer = createKafka({ clientId: `${name}-relay`, brokers, logger: this.logger }).producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
    });
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

  /** After the payment write that committed these events: publishes them now (or right after the drain in progress). */
  nudge(entries: Unsent[] = []): void {
    for (const e of entries) this.ready.set(e.entry.eventId, e);
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
    // The relay's own reads and writes are not traced; each event's send continues the trace stored with it.
    void withoutTracing(() => this.drain()).finally(() => {
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
      if (this.sweepDue) {
        await this.sweep();
        this.sweepDue = false;
      }
      while (this.ready.size) {
        const batch = [...this.ready.values()].slice(0, BATCH);
        await this.producer!.send({ topic: TOPICS.paymentsEvents, messages: batch.map(message) });
        // If marking fails, the entries stay unsent and the sweep publishes them again: at least once.
        const at = new Date();
        await this.payments.bulkWrite(
          batch.map((u) => markSent(u, at)),
          { ordered: false },
        );
        for (const u of batch) {
          this.ready.delete(u.entry.eventId);
          withTraceCarrier(u.entry.trace, () =>
            withCorrelationId(u.entry.correlationId, () =>
              this.logger.log({
                msg: 'event published',
                eventId: u.entry.eventId,
                eventType: u.entry.type,
                paymentId: u.paymentId,
                topic: TOPICS.paymentsEvents,
              }),
            ),
          );
        }
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

  /** Unsent entries of payments no writer touched for GRACE_MS, in outbox order. */
  private async sweep(): Promise<void> {
    const stale = await this.payments
      .find({ pendingEvents: { $gt: 0 }, updatedAt: { $lt: new Date(Date.now() - GRACE_MS) } }, { outbox: 1 })
      .limit(BATCH)
      .lean<Pick<Payment, '_id' | 'outbox'>[]>()
      .exec();
    for (const p of stale) {
      p.outbox.forEach((entry, index) => {
        if (!entry.sentAt && !this.ready.has(entry.eventId)) this.ready.set(entry.eventId, { paymentId: p._id, index, entry });
      });
    }
  }
}

function message({ paymentId, entry }: Unsent): Message {
  return {
    key: paymentId,
    value: JSON.stringify(entry.payload),
    headers: {
      [HEADERS.eventId]: entry.eventId,
      [HEADERS.eventType]: entry.type,
      ...(entry.correlationId ? { [HEADERS.correlationId]: entry.correlationId } : {}),
      // The send span of this message joins the request's trace (nest-kit's kafkajs instrumentation).
      ...entry.trace,
    },
  };
}
