import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HealthRegistry, KafkaEventConsumer, parseEvent, serviceConfig } from '@platform/nest-kit';
import { SERVICE_NAME } from '../service.constants.js';
import { CONSUMES_TOPIC } from './events.constants.js';
import { IncomingEventDto } from './dto/incoming-event.dto.js';

/**
 * Consumes CONSUMES_TOPIC with nest-kit's KafkaEventConsumer: bounded retries, then the message is
 * parked on `<topic>.dlt`; an event that fails validation is dead-lettered at once.
 */
@Injectable()
export class EventsConsumer implements OnModuleDestroy {
  private readonly logger = new Logger(EventsConsumer.name);
  private consumer?: KafkaEventConsumer;

  constructor(private readonly health: HealthRegistry) {}

  start(handle: (event: IncomingEventDto) => Promise<void>): void {
    const cfg = serviceConfig(process.env, { name: SERVICE_NAME, tcpPort: 0 });
    const consumer = new KafkaEventConsumer({
      brokers: cfg.kafkaBrokers.length ? cfg.kafkaBrokers : ['127.0.0.1:9092'],
      clientId: `${cfg.name}-${cfg.instance}`,
      groupId: cfg.name,
      topic: CONSUMES_TOPIC,
      logger: this.logger,
      handle: async (event) => handle(await parseEvent(IncomingEventDto, event.value)),
    });
    this.health.register('kafka-consumer', () => consumer.checkConsumer());
    this.health.register('kafka-dead-letters', () => consumer.checkProducer());
    consumer.start();
    this.consumer = consumer;
  }

  async onModuleDestroy() {
    await this.consumer?.stop();
  }
}
