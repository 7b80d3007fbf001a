import type { LoggerService } from '@nestjs/common';
import { Partitioners, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createKafka, decodeHeaders } from './kafka.js';
import { trace } from '@opentelemetry/api';
import { HEADERS, withCorrelationId } from './correlation.js';
import { CORRELATION_ATTRIBUTE, markSpanError } from './tracing/trace-context.js';
import { containsCardNumber, findCardData, maskCardNumbers } from './card-data.js';
import { DEFAULT_MAX_ATTEMPTS, PoisonMessageError, deadLetterTopic, nextStepAfterFailure } from './dead-letter.js';
import { fieldErrors } from './validation.js';

export interface ConsumedEvent {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface KafkaEventConsumerOptions {
  brokers: string[];
  clientId: string;
  /** Exactly the consumer group name (no suffix), e.g. `ledger`. */
  groupId: string;
  topic: string;
  /** Throws PoisonMessageError for messages that can never succeed; any other error is retried. */
  handle: (event: ConsumedEvent) => Promise<void>;
  logger: LoggerService;
  maxAttempts?: number;
  baseDelayMs?: number;
  /**
   * Partitions handled at the same time (default 3; kafkajs's default is 1). Order within a
   * partition is kept; handlers must already tolerate events of different partitions interleaving.
   */
  partitionsConsumedConcurrently?: number;
}

/**
 * How long a handled event's offset waits to be committed, with the others handled meanwhile.
 * kafkajs commits after every fetched batch, and under load a batch is a handful of events: that
 * was a broker round trip per few events in each group. A crash redelivers at most this much, which
 * the handlers already absorb (they are idempotent); a graceful stop commits first.
 */
const COMMIT_EVERY_MS = 500;

/**
 * A kafkajs consumer with bounded retries and a dead-letter topic (`<topic>.dlt`).
 *
 * Why not Nest's Kafka transport: its ServerKafka re-throws a failing event handler into kafkajs,
 * which restarts the consumer and redelivers the same message forever, and the global validation
 * pipe rejects a poison message before any handler could dead-letter it. Here one loop owns the
 * attempts, the dead-letter write and the offset: the offset only moves on once the message was
 * handled or parked, so nothing is lost and the partition never stalls.
 */
export class KafkaEventConsumer {
  private consumer?: Consumer;
  private producer?: Producer;
  private joined = false;
  private producerConnected = false;
  private stopped = false;
  /** The next offset to commit per topic-partition: past every event handled or parked there. */
  private readonly handled = new Map<string, { topic: string; partition: number; offset: string }>();
  private commitTimer?: NodeJS.Timeout;

  constructor(private readonly opts: KafkaEventConsumerOptions) {}

  /** Connects in the background, retrying until Kafka answers, so the TCP health check can report "degraded" meanwhile. */
  start(): void {
    void this.connectUntilStopped();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.commitHandled();
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }

  /** For HealthRegistry: rejects unless the consumer has joined its group and the dead-letter producer is up. */
  async checkConsumer(): Promise<void> {
    if (!this.joined) throw new Error(`consumer group ${this.opts.groupId} not joined`);
  }

  async checkProducer(): Promise<void> {
    if (!this.producerConnected) throw new Error('dead-letter producer not connected');
  }

  private async connectUntilStopped(): Promise<void> {
    const { logger } = this.opts;
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
      try {
        await this.connect();
        return;
      } catch (e) {
        logger.warn({ msg: 'kafka consumer could not start, retrying', error: (e as Error).message, retryInMs: delay });
        await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
        await sleep(delay);
      }
    }
  }

  private async connect(): Promise<void> {
    const { brokers, clientId, groupId, topic, logger } = this.opts;
    const kafka = createKafka({ clientId, brokers, logger });
    this.producer = kafka.producer({ allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
    // A crashed member holds its partitions until its session expires: 6 s (the broker's minimum)
    // instead of kafkajs's 30 s, so a restarted consumer is back within seconds.
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 6000, heartbeatInterval: 1000 });
    const events = this.consumer.events;
    this.consumer.on(events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(events.CRASH, (e) => {
      this.joined = false;
      logger.error({ msg: 'kafka consumer crashed', error: e.payload.error.message, restart: e.payload.restart });
    });
    this.consumer.on(events.STOP, () => {
      this.joined = false;
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.producerConnected = false;
    });
    await this.producer.connect();
    this.producerConnected = true;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      // Offsets are committed by commitHandled, every COMMIT_EVERY_MS, not after each fetched batch.
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message, heartbeat }) => {
        const event = toEvent(from, partition, message);
        // The kafkajs instrumentation runs this inside a "process" span continuing the producer's trace.
        const correlationId = event.headers[HEADERS.correlationId];
        if (correlationId) trace.getActiveSpan()?.setAttribute(CORRELATION_ATTRIBUTE, correlationId);
        await withCorrelationId(correlationId, () => this.process(event, message, heartbeat));
        this.markHandled(from, partition, message.offset);
      },
    });
    logger.log({ msg: 'kafka consumer running', groupId, topic });
  }

  private markHandled(topic: string, partition: number, offset: string): void {
    this.handled.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    this.commitTimer ??= setTimeout(() => void this.commitHandled(), COMMIT_EVERY_MS);
  }

  /** Commits what was handled. A refusal (the group is rebalancing) is harmless: the partition's next owner redelivers from the last commit. */
  private async commitHandled(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    if (!this.handled.size || !this.consumer) return;
    const offsets = [...this.handled.values()];
    this.handled.clear();
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (e) {
      this.opts.logger.warn({
        msg: 'kafka offsets not committed; the events after the last commit will be redelivered',
        error: (e as Error).message,
      });
    }
  }

  private async process(event: ConsumedEvent, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const { handle, logger, maxAttempts = DEFAULT_MAX_ATTEMPTS, baseDelayMs } = this.opts;
    const where = {
      topic: event.topic,
      partition: event.partition,
      offset: event.offset,
      eventId: maskCardNumbers(event.headers[HEADERS.eventId] ?? ''),
    };
    // Events bypass the Nest guards: one carrying card data anywhere is parked (masked), never handled.
    const cardData = findCardData({ key: event.key, headers: event.headers, value: jsonOrText(event.value) });
    if (cardData) {
      return this.deadLetter(
        event,
        message,
        new PoisonMessageError(`card data at ${cardData.replace(/^\$\./, '')}: an event carrying card data is never processed`),
        0,
      );
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(event);
        return;
      } catch (error) {
        const step = nextStepAfterFailure(error, attempt, maxAttempts, baseDelayMs);
        if (step.action === 'dead-letter') {
          markSpanError(trace.getActiveSpan(), error);
          return this.deadLetter(event, message, error as Error, attempt);
        }
        logger.warn({
          msg: 'event handling failed, retrying',
          ...where,
          attempt,
          error: (error as Error).message,
          retryInMs: step.delayMs,
        });
        await sleep(step.delayMs);
        await heartbeat();
      }
    }
  }

  /** Must succeed before the offset moves on: if the dead-letter write throws, kafkajs redelivers the message. */
  private async deadLetter(event: ConsumedEvent, message: KafkaMessage, error: Error, attempts: number): Promise<void> {
    const topic = deadLetterTopic(event.topic);
    const reason = maskCardNumbers(error.message).slice(0, 1000);
    await this.producer!.send({
      topic,
      messages: [
        {
          key: event.key === undefined ? message.key : maskCardNumbers(event.key),
          value: withoutCardNumbers(message.value),
          headers: {
            ...Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [maskCardNumbers(k), maskCardNumbers(v)])),
            [HEADERS.error]: reason,
            [HEADERS.attempts]: String(attempts),
            [HEADERS.originalTopic]: event.topic,
            'dlt-original-partition': String(event.partition),
            'dlt-original-offset': event.offset,
            'dlt-consumer-group': this.opts.groupId,
          },
        },
      ],
    });
    this.opts.logger.error({
      msg: 'event dead-lettered',
      topic: event.topic,
      partition: event.partition,
      offset: event.offset,
      deadLetterTopic: topic,
      attempts,
      error: reason,
    });
  }
}

/**
 * Parses and validates an event value against a class-validator DTO. Unknown fields are dropped
 * (tolerant reader: producers may add fields), anything unparseable is a PoisonMessageError.
 */
export async function parseEvent<T extends object>(dto: new () => T, value: Buffer | null): Promise<T> {
  if (!value?.length) throw new PoisonMessageError('message has no value');
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString('utf8'));
  } catch {
    throw new PoisonMessageError('message value is not valid JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PoisonMessageError('message value is not a JSON object');
  const instance = plainToInstance(dto, raw);
  const errors = await validate(instance, { whitelist: true });
  if (errors.length) {
    const fields = fieldErrors(errors);
    throw new PoisonMessageError(
      `invalid event: ${Object.entries(fields)
        .map(([f, m]) => `${f}: ${m.join('; ')}`)
        .join(', ')}`,
    );
  }
  return instance;
}

function toEvent(topic: string, partition: number, message: KafkaMessage): ConsumedEvent {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8'),
    value: message.value,
    headers: decodeHeaders(message.headers),
  };
}

/** A dead letter is still a Kafka write: a card number someone produced by mistake is masked on the way. */
function withoutCardNumbers(value: Buffer | null): Buffer | null {
  if (!value) return value;
  const text = value.toString('utf8');
  return containsCardNumber(text) ? Buffer.from(maskCardNumbers(text)) : value;
}

function jsonOrText(value: Buffer | null): unknown {
  const text = value?.toString('utf8') ?? '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
