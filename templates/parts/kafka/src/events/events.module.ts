import { Module } from '@nestjs/common';
import { eventConsumer } from '@platform/nest-kit';
import { SERVICE_NAME } from '../service.constants.js';
import { CONSUMES_TOPIC } from './events.constants.js';
import { EventsController } from './events.controller.js';
import { EventsProducer } from './events.producer.js';
import { EventsService } from './events.service.js';
import { IncomingEventDto } from './dto/incoming-event.dto.js';

/**
 * CONSUMES_TOPIC is consumed by nest-kit's eventConsumer (plain kafkajs): bounded retries, then the
 * message is parked on `<topic>.dlt`; an event that fails validation is dead-lettered at once.
 */
@Module({
  controllers: [EventsController],
  providers: [
    EventsService,
    EventsProducer,
    eventConsumer({ topic: CONSUMES_TOPIC, groupId: SERVICE_NAME, dto: IncomingEventDto, handler: EventsService }),
  ],
})
export class EventsModule {}
