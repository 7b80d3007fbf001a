import { Test } from '@nestjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { EventsProducer } from './events.producer.js';
import { EventsService } from './events.service.js';
import { PROCESSED_EVENT } from './events.constants.js';

async function serviceWith(publish: EventsProducer['publish']) {
  const moduleRef = await Test.createTestingModule({
    providers: [EventsService, { provide: EventsProducer, useValue: { publish } }],
  }).compile();
  return moduleRef.get(EventsService);
}

describe('EventsService', () => {
  it('counts an event and publishes that it was processed, keyed by its id', async () => {
    const publish = vi.fn(async () => undefined);
    const service = await serviceWith(publish);
    await service.handle({ id: 'evt-1' });
    expect(publish).toHaveBeenCalledWith(PROCESSED_EVENT, 'evt-1', expect.objectContaining({ id: 'evt-1' }));
    expect(service.stats()).toEqual({ received: 1, published: 1, lastEventId: 'evt-1' });
  });

  it('lets a publish failure through, so the consumer retries the event', async () => {
    const service = await serviceWith(
      vi.fn(async () => {
        throw new Error('broker down');
      }),
    );
    await expect(service.handle({ id: 'evt-2' })).rejects.toThrow('broker down');
    expect(service.stats()).toMatchObject({ received: 1, published: 0 });
  });
});
