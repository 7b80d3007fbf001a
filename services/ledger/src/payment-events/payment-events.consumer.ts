import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HealthRegistry, KafkaEventConsumer, parseEvent, serviceConfig, type ConsumedEvent } from '@platform/nest-kit';
import { PaymentEventDto } from './dto/payment-event.dto.js';
import { LEDGER_GROUP_ID, PAYMENTS_EVENTS_TOPIC } from './topics.js';
import { postingFor } from '../postings/posting-rules.js';
import { AccountsService } from '../accounts/accounts.service.js';

/**
 * Turns payment events into postings. Consumed with nest-kit's KafkaEventConsumer (plain kafkajs)
 * rather than `@EventPattern(PAYMENTS_EVENTS_TOPIC, Transport.KAFKA)`: it gives bounded retries and
 * a dead-letter topic, which Nest's Kafka transport does not (it redelivers a failing event forever).
 */
@Injectable()
export class PaymentEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentEventsConsumer.name);
  private consumer?: KafkaEventConsumer;

  constructor(private readonly accounts: AccountsService, private readonly health: HealthRegistry) {}

  onApplicationBootstrap() {
    const cfg = serviceConfig(process.env, { name: 'ledger', tcpPort: 0 });
    this.consumer = new KafkaEventConsumer({
      brokers: cfg.kafkaBrokers.length ? cfg.kafkaBrokers : ['127.0.0.1:9092'],
      clientId: `${cfg.name}-${cfg.instance}`,
      groupId: LEDGER_GROUP_ID,
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

  /** A capture posts and drops its hold in one write of the customer's account (under its lock). */
  async handle(message: ConsumedEvent): Promise<void> {
    const event = await parseEvent(PaymentEventDto, message.value);
    const draft = postingFor(event);
    const capture = event.type === 'payment.captured' ? { accountId: event.customerId, paymentId: event.paymentId } : undefined;
    if (draft) await this.accounts.post(event.eventId, event.paymentId, draft, capture);
    if (event.type === 'payment.failed') await this.accounts.release(event.customerId, event.paymentId);
  }
}
