import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { HEADERS, HealthRegistry, createKafka, currentCorrelationId, serviceConfig } from '@platform/nest-kit';
import { SERVICE_NAME } from '../service.constants.js';
import { PRODUCES_TOPIC } from './events.constants.js';

const CONNECT_WAIT_MS = 10_000;

/** Publishes this service's events to PRODUCES_TOPIC with the platform's event headers. */
@Injectable()
export class EventsProducer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventsProducer.name);
  private producer?: Producer;
  private connected?: Promise<void>;
  private isConnected = false;
  private stopped = false;

  constructor(private readonly health: HealthRegistry) {}

  onApplicationBootstrap() {
    const cfg = serviceConfig(process.env, { name: SERVICE_NAME, tcpPort: 0 });
    const brokers = cfg.kafkaBrokers.length ? cfg.kafkaBrokers : ['127.0.0.1:9092'];
    this.producer = createKafka({ clientId: `${cfg.name}-producer`, brokers, logger: this.logger }).producer({
      allowAutoTopicCreation: false,
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.isConnected = false;
    });
    this.health.register('kafka-producer', async () => {
      if (!this.isConnected) throw new Error('producer not connected');
    });
    this.connected = this.connectUntilStopped();
  }

  async onModuleDestroy() {
    this.stopped = true;
    await this.producer?.disconnect().catch(() => undefined);
  }

  /** Throws when Kafka refuses; a consumer calling this retries and finally dead-letters its input. */
  async publish(type: string, key: string, payload: object): Promise<void> {
    await Promise.race([this.connected, sleep(CONNECT_WAIT_MS)]);
    if (!this.producer || !this.isConnected) throw new Error('Kafka producer is not connected');
    await this.producer.send({
      topic: PRODUCES_TOPIC,
      messages: [
        {
          key,
          value: JSON.stringify(payload),
          headers: {
            [HEADERS.eventId]: randomUUID(),
            [HEADERS.eventType]: type,
            [HEADERS.correlationId]: currentCorrelationId() ?? randomUUID(),
          },
        },
      ],
    });
  }

  /** Keeps trying in the background, so the service starts (and reports "degraded") while Kafka is down. */
  private async connectUntilStopped(): Promise<void> {
    for (let delay = 500; !this.stopped; delay = Math.min(delay * 2, 10_000)) {
      try {
        await this.producer!.connect();
        this.isConnected = true;
        return;
      } catch (e) {
        this.logger.warn({ msg: 'kafka producer could not connect, retrying', error: (e as Error).message, retryInMs: delay });
        await sleep(delay);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
