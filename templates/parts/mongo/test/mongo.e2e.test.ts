import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTcp } from './support.js';

/** `<service>.<collection>`: the patterns of the resource `nest g resource` generated for --mongo. */
export const PATTERNS = 'template-service.items';

interface Doc {
  id: string;
  name: string;
}

describe('a MongoDB-backed resource', () => {
  let client: Awaited<ReturnType<typeof connectTcp>>;
  beforeAll(async () => {
    client = await connectTcp();
  });
  afterAll(() => client?.close());

  it('creates a document, reads it back by id, changes and removes it', async () => {
    const created = await client.request<Doc>(`${PATTERNS}.create`, { name: 'first' });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(await client.request(`${PATTERNS}.findOne`, created.id)).toMatchObject({ id: created.id, name: 'first' });
    expect(await client.request(`${PATTERNS}.update`, { id: created.id, name: 'second' })).toMatchObject({
      id: created.id,
      name: 'second',
    });
    await client.request(`${PATTERNS}.remove`, created.id);
    await expect(client.request(`${PATTERNS}.findOne`, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers VALIDATION for an id that is not an ObjectId', async () => {
    await expect(client.request(`${PATTERNS}.findOne`, 'not-an-id')).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
