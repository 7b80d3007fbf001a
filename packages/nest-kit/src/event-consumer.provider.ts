import { Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider, type Type } from '@nestjs/common';
import { serviceConfig } from './config.js';
import { HealthRegistry } from './health.js';
import { SERVICE_INFO, type ServiceInfo } from './service-info.js';
import { KafkaEventConsumer, parseEvent, type ConsumedEvent } from './event-consumer.js';

/** Handles one validated event; throw PoisonMessageError to dead-letter at once, anything else is retried. */
export interface EventHandler<T> {
  handle(event: T, message: ConsumedEvent): Promise<void>;
}

export interface EventConsumerOptions<T extends object> {
  topic: string;
  /** Exactly the consumer group name, e.g. `ledger`. */
  groupId: string;
  /** class-validator DTO each message value is parsed into; a message that does not fit is dead-lettered. */
  dto: new () => T;
  /** A provider of the same module. */
  handler: Type<EventHandler<T>>;
  partitionsConsumedConcurrently?: number;
}

/** Owns one KafkaEventConsumer for the app's lifetime and reports it to `platform.health`. */
class ManagedEventConsumer<T extends object> implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: KafkaEventConsumer;

  constructor(
    private readonly opts: EventConsumerOptions<T>,
    private readonly handler: EventHandler<T>,
    private readonly health: HealthRegistry,
    private readonly info: ServiceInfo,
  ) {}

  onApplicationBootstrap() {
    const { kafkaBrokers } = serviceConfig(process.env, { name: this.info.name, tcpPort: 0 });
    const { topic, groupId, dto, partitionsConsumedConcurrently } = this.opts;
    const consumer = new KafkaEventConsumer({
      brokers: kafkaBrokers.length ? kafkaBrokers : ['127.0.0.1:9092'],
      clientId: `${this.info.name}-${this.info.instance}`,
      groupId,
      topic,
      partitionsConsumedConcurrently,
      logger: new Logger(this.opts.handler.name),
      handle: async (message) => this.handler.handle(await parseEvent(dto, message.value), message),
    });
    this.health.register('kafka-consumer', () => consumer.checkConsumer());
    this.health.register('kafka-producer', () => consumer.checkProducer());
    consumer.start();
    this.consumer = consumer;
  }

  async onModuleDestroy() {
    await this.consumer?.stop();
  }
}

/**
 * The Kafka event-consumer wiring every consuming service shares, as one provider:
 * `providers: [PaymentEventsHandler, eventConsumer({ topic, groupId, dto, handler: PaymentEventsHandler })]`.
 * It starts with the app (retrying until Kafka answers), parses and validates each message into
 * `dto`, retries failures a bounded number of times, dead-letters to `<topic>.dlt`, and stops with the app.
 *
 * Plain kafkajs (KafkaEventConsumer) rather than `@EventPattern(topic, Transport.KAFKA)`: Nest's
 * Kafka transport redelivers a failing event forever and rejects an invalid payload before a
 * handler could park it.
 */
export function eventConsumer<T extends object>(opts: EventConsumerOptions<T>): Provider {
  return {
    provide: Symbol(`event-consumer:${opts.groupId}:${opts.topic}`),
    inject: [opts.handler, HealthRegistry, SERVICE_INFO],
    useFactory: (handler: EventHandler<T>, health: HealthRegistry, info: ServiceInfo) =>
      new ManagedEventConsumer(opts, handler, health, info),
  };
}
