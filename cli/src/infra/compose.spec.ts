import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recipesDir } from '../stack/project.js';

// The docker provider cannot run on machines without an engine (CI among them), so its recipe is
// checked here for what matters: official images, loopback-only ports, the dev-broker settings.
describe('compose/docker-compose.yml', () => {
  const compose = parse(readFileSync(join(recipesDir(), 'docker-compose.yml'), 'utf8'));

  it('uses the official Kafka and MongoDB images', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.mongo.image).toMatch(/^mongo:/);
  });

  it('publishes ports on 127.0.0.1 only, on the ports the CLI passes', () => {
    expect(compose.services.kafka.ports).toEqual(['127.0.0.1:${PLATFORM_KAFKA_PORT:-9092}:9092']);
    expect(compose.services.mongo.ports).toEqual(['127.0.0.1:${PLATFORM_MONGO_PORT:-27017}:27017']);
    expect(compose.services.kafka.environment.KAFKA_ADVERTISED_LISTENERS).toContain('127.0.0.1:${PLATFORM_KAFKA_PORT:-9092}');
  });

  it('applies the single-node settings without which group joins stall', () => {
    const env = compose.services.kafka.environment;
    expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe(1);
    expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe(0);
    expect(compose.services.kafka.healthcheck).toBeDefined();
    expect(compose.services.mongo.healthcheck).toBeDefined();
  });
});

describe('compose/native/kafka/server.properties', () => {
  const props = readFileSync(join(recipesDir(), 'native/kafka/server.properties'), 'utf8');
  it('binds every listener to 127.0.0.1 and keeps the dev-broker settings', () => {
    expect(props).toMatch(/^listeners=PLAINTEXT:\/\/127\.0\.0\.1:\$\{port\},CONTROLLER:\/\/127\.0\.0\.1:\$\{controllerPort\}$/m);
    for (const key of ['offsets.topic.num.partitions=1', 'group.initial.rebalance.delay.ms=0', 'offsets.topic.replication.factor=1']) {
      expect(props).toContain(key);
    }
  });
});
