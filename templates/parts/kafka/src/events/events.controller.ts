import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { CONSUMES_TOPIC, PRODUCES_TOPIC, STATS_PATTERN } from './events.constants.js';
import { EventsService } from './events.service.js';
import { IncomingEventDto } from './dto/incoming-event.dto.js';

@Controller()
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** What `platform.describe` lists; the messages themselves reach EventsService through nest-kit's eventConsumer (events.module.ts). */
  @EventPattern(CONSUMES_TOPIC, Transport.KAFKA)
  @PatternDoc({ description: `Handles an event, then publishes that it was processed to ${PRODUCES_TOPIC}` })
  async onEvent(@Payload() event: IncomingEventDto): Promise<void> {
    await this.events.handle(event);
  }

  @MessagePattern(STATS_PATTERN, Transport.TCP)
  @PatternDoc({ description: 'How many events this instance received and published' })
  stats() {
    return this.events.stats();
  }
}
