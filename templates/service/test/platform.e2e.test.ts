import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/service.constants.js';
import { connectTcp } from './support.js';

// Runs against the real stack: start it with `platform up <this service>` first.
describe(`${SERVICE_NAME} on the running stack`, () => {
  let client: Awaited<ReturnType<typeof connectTcp>>;
  beforeAll(async () => {
    client = await connectTcp();
  });
  afterAll(() => client?.close());

  it('reports healthy', async () => {
    const health = await client.request<{ status: string; service: string }>('platform.health');
    expect(health).toMatchObject({ status: 'ok', service: SERVICE_NAME });
  });

  it('describes its patterns', async () => {
    const description = await client.request<{ service: string; patterns: { pattern: string }[] }>('platform.describe');
    expect(description.service).toBe(SERVICE_NAME);
    expect(description.patterns.length).toBeGreaterThan(0);
  });
});
