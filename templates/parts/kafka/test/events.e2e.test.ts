import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMES_TOPIC, STATS_PATTERN } from '../src/events/events.constants.js';
import type { EventStats } from '../src/events/events.service.js';
import { connectTcp, eventually } from './support.js';

const brokers = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${9092 + Number(process.env.PLATFORM_PORT_OFFSET ?? 0)}`).split(',');

describe(`events from ${CONSUMES_TOPIC}`, () => {
  let client: Awaited<ReturnType<typeof connectTcp>>;
  const producer = new Kafka({ clientId: 'e2e', brokers, logLevel: logLevel.NOTHING }).producer();
  beforeAll(async () => {
    client = await connectTcp();
    await producer.connect();
  });
  afterAll(async () => {
    client?.close();
    await producer.disconnect();
  });

  it('handles an event produced to Kafka', async () => {
    const id = `e2e-${randomUUID()}`;
    await producer.send({ topic: CONSUMES_TOPIC, messages: [{ key: id, value: JSON.stringify({ id }) }] });
    const stats = await eventually(async () => {
      const s = await client.request<EventStats>(STATS_PATTERN);
      return s.lastEventId === id && s.published > 0 && s;
    }, 30_000);
    expect(stats.received).toBeGreaterThan(0);
  });
});
