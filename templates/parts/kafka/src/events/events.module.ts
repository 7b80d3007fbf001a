import { Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { EventsConsumer } from './events.consumer.js';
import { EventsProducer } from './events.producer.js';
import { EventsService } from './events.service.js';

@Module({ controllers: [EventsController], providers: [EventsService, EventsConsumer, EventsProducer] })
export class EventsModule {}
