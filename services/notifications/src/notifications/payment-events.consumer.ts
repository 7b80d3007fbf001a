import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HealthRegistry, KafkaEventConsumer, parseEvent, serviceConfig, type ConsumedEvent } from '@platform/nest-kit';
import { PaymentEventDto } from './dto/payment-event.dto.js';
import { NOTIFICATIONS_GROUP_ID, PAYMENTS_EVENTS_TOPIC } from './topics.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Consumed with nest-kit's KafkaEventConsumer (plain kafkajs) rather than
 * `@EventPattern(PAYMENTS_EVENTS_TOPIC, Transport.KAFKA)`: a message that keeps failing must reach
 * `payments.events.dlt` after 3 attempts and the consumer must move on; Nest's Kafka transport
 * redelivers a failing event forever and rejects invalid payloads before a handler could park them.
 */
@Injectable()
export class PaymentEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentEventsConsumer.name);
  private consumer?: KafkaEventConsumer;

  constructor(private readonly notifications: NotificationsService, private readonly health: HealthRegistry) {}

  onApplicationBootstrap() {
    const cfg = serviceConfig(process.env, { name: 'notifications', tcpPort: 0 });
    this.consumer = new KafkaEventConsumer({
      brokers: cfg.kafkaBrokers.length ? cfg.kafkaBrokers : ['127.0.0.1:9092'],
      clientId: `${cfg.name}-${cfg.instance}`,
      groupId: NOTIFICATIONS_GROUP_ID,
      topic: PAYMENTS_EVENTS_TOPIC,
      handle: (message) => this.handle(message),
      logger: this.logger,
    });
    this.health.register('kafka-consumer', () => this.consumer!.checkConsumer());
    this.health.register('kafka-producer', () => this.consumer!.checkProducer());
    this.consumer.start();
  }

  async onModuleDestroy() {
    await this.consumer?.stop();
  }

  async handle(message: ConsumedEvent): Promise<void> {
    await this.notifications.record(await parseEvent(PaymentEventDto, message.value));
  }
}
