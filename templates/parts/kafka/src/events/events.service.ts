import { Injectable } from '@nestjs/common';
import type { EventHandler } from '@platform/nest-kit';
import { EventsProducer } from './events.producer.js';
import { PROCESSED_EVENT } from './events.constants.js';
import type { IncomingEventDto } from './dto/incoming-event.dto.js';

export interface EventStats {
  received: number;
  published: number;
  lastEventId: string | null;
}

@Injectable()
export class EventsService implements EventHandler<IncomingEventDto> {
  private readonly counts: EventStats = { received: 0, published: 0, lastEventId: null };

  constructor(private readonly producer: EventsProducer) {}

  /** Handles one event and publishes that it was processed (keyed by the event id, so repeats stay in order). */
  async handle(event: IncomingEventDto): Promise<void> {
    this.counts.received++;
    this.counts.lastEventId = event.id;
    await this.producer.publish(PROCESSED_EVENT, event.id, { id: event.id, processedAt: new Date().toISOString() });
    this.counts.published++;
  }

  stats(): EventStats {
    return { ...this.counts };
  }
}
