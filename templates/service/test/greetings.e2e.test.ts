import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GREET_PATTERN } from '../src/greetings/greetings.controller.js';
import { connectTcp } from './support.js';

describe('greetings over TCP', () => {
  let client: Awaited<ReturnType<typeof connectTcp>>;
  beforeAll(async () => { client = await connectTcp(); });
  afterAll(() => client?.close());

  it('greets', async () => {
    const reply = await client.request<{ greeting: string; count: number }>(GREET_PATTERN, { name: 'Ada' });
    expect(reply.greeting).toBe('Hello, Ada!');
    expect(reply.count).toBeGreaterThan(0);
  });

  it('refuses an invalid payload with a VALIDATION error', async () => {
    await expect(client.request(GREET_PATTERN, { name: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
