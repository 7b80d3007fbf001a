import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Partitioners, type Producer } from 'kafkajs';
import { DocumentLocks, HEADERS, HealthRegistry, createKafka, serviceConfig, withCorrelationId } from '@platform/nest-kit';
import { Payment } from '../payments/schemas/payment.schema.js';
import { PAYMENTS_EVENTS_TOPIC } from '../payments/payment-events.js';
import { paymentLockKey } from '../payments/payment-view.js';

const POLL_MS = Number(process.env.OUTBOX_POLL_MS ?? 250);
const BATCH = 50;
const MAX_BACKOFF_MS = 5_000;

/**
 * Publishes outbox entries to Kafka and marks each one sent. FerretDB has no change streams, so it
 * polls (and is nudged right after a write). Delivery is at-least-once: an entry is marked sent only
 * after the broker accepted it, and consumers drop repeats by event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private connected = false;
  private timer?: NodeJS.Timeout;
  private running = false;
  private rerun = false;
  private failures = 0;
  private retryAt = 0;

  constructor(@InjectModel(Payment.name) private readonly payments: Model<Payment>, private readonly health: HealthRegistry, private readonly locks: DocumentLocks) {}

  onApplicationBootstrap() {
    const { kafkaBrokers, name } = serviceConfig(process.env, { name: 'payments', tcpPort: 0 });
    const brokers = kafkaBrokers.length ? kafkaBrokers : ['127.0.0.1:9092'];
    this.producer = createKafka({ clientId: `${name}-relay`, brokers, logger: this.logger }).producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.producer.on(this.producer.events.DISCONNECT, () => { this.connected = false; });
    this.health.register('kafka-producer', async () => {
      if (!this.connected) throw new Error('outbox relay producer not connected');
    });
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.nudge();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.producer?.disconnect().catch(() => undefined);
  }

  /** Runs a drain now, or right after the one in progress. */
  nudge(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (Date.now() < this.retryAt) return;
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
      for (;;) {
        const pending = await this.payments.find({ pendingEvents: { $gt: 0 } }).sort({ updatedAt: 1 }).limit(BATCH).lean();
        for (const payment of pending) await this.publishPending(payment);
        if (pending.length < BATCH) break;
      }
      this.failures = 0;
    } catch (e) {
      // The broker is down or refused: keep the entries pending and retry with backoff, forever.
      this.failures++;
      const delay = Math.min(POLL_MS * 2 ** this.failures, MAX_BACKOFF_MS);
      this.retryAt = Date.now() + delay;
      this.logger.warn({ msg: 'outbox relay could not publish, will retry', error: (e as Error).message, retryInMs: delay });
    }
  }

  /** In outbox order, so a payment's events keep their order on its partition (key = payment id). */
  private async publishPending(payment: Payment): Promise<void> {
    for (const [index, entry] of payment.outbox.entries()) {
      if (entry.sentAt) continue;
      await withCorrelationId(entry.correlationId, async () => {
        await this.producer!.send({
          topic: PAYMENTS_EVENTS_TOPIC,
          messages: [{
            key: payment._id,
            value: JSON.stringify(entry.payload),
            headers: {
              [HEADERS.eventId]: entry.eventId,
              [HEADERS.eventType]: entry.type,
              ...(entry.correlationId ? { [HEADERS.correlationId]: entry.correlationId } : {}),
            },
          }],
        });
        // Index path, not the positional `$` operator: FerretDB 1.24 rejects `outbox.$.sentAt`.
        const sentAt = `outbox.${index}.sentAt`;
        await this.locks.withLock(paymentLockKey(payment._id), () =>
          this.payments.updateOne({ _id: payment._id, [sentAt]: null }, { $set: { [sentAt]: new Date() }, $inc: { pendingEvents: -1 } }),
        );
        this.logger.log({ msg: 'event published', eventId: entry.eventId, eventType: entry.type, paymentId: payment._id, topic: PAYMENTS_EVENTS_TOPIC });
      });
    }
  }
}
