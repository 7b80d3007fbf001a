import { PoisonMessageError, parseEvent } from '@platform/nest-kit';
import { describe, expect, it } from 'vitest';
import { IncomingEventDto } from './incoming-event.dto.js';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('IncomingEventDto', () => {
  it('parses its example and drops unknown fields', async () => {
    const event = await parseEvent(IncomingEventDto, bytes({ ...IncomingEventDto.example, extra: true }));
    expect(event).toEqual(IncomingEventDto.example);
  });

  it('treats an event without an id as poison (dead-lettered, not retried)', async () => {
    await expect(parseEvent(IncomingEventDto, bytes({ data: {} }))).rejects.toBeInstanceOf(PoisonMessageError);
  });
});
