import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET_ITEM_PATTERN, SAVE_ITEM_PATTERN } from '../src/items/items.constants.js';
import { connectTcp } from './support.js';

describe('items in the database', () => {
  let client: Awaited<ReturnType<typeof connectTcp>>;
  beforeAll(async () => { client = await connectTcp(); });
  afterAll(() => client?.close());

  it('saves an item and reads it back', async () => {
    const id = `e2e-${randomUUID()}`;
    await client.request(SAVE_ITEM_PATTERN, { id, name: 'first' });
    await client.request(SAVE_ITEM_PATTERN, { id, name: 'second', data: { n: 2 } });
    expect(await client.request(GET_ITEM_PATTERN, { id })).toMatchObject({ id, name: 'second', data: { n: 2 } });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    await expect(client.request(GET_ITEM_PATTERN, { id: `missing-${randomUUID()}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
