import { afterEach, describe, expect, it, vi } from 'vitest';
import { externalProvider, nativeProvider, selectProvider } from './providers.js';
import type { ProjectPaths } from '../stack/project.js';

const paths: ProjectPaths = {
  root: '/p',
  servicesDir: '/p/services',
  stateDir: '/p/.platform',
  logsDir: '/p/.platform/logs',
  dataDir: '/p/.platform/data',
  cacheDir: '/c',
};

afterEach(() => vi.unstubAllEnvs());

describe('selectProvider', () => {
  it('honours --infra and rejects unknown providers with the list', async () => {
    expect((await selectProvider(paths, { infra: 'native' })).name).toBe('native');
    await expect(selectProvider(paths, { infra: 'podman' })).rejects.toThrow(/unknown infrastructure provider "podman"/);
  });

  it('picks external when a Mongo URL and brokers are given', async () => {
    const p = await selectProvider(paths, { mongoUrl: 'mongodb://db:27017/x', kafkaBrokers: 'k1:9092, k2:9092' });
    expect(p.name).toBe('external');
    expect(p.endpoints).toEqual({ mongoUrl: 'mongodb://db:27017/x', kafkaBrokers: ['k1:9092', 'k2:9092'] });
  });

  it('reads PLATFORM_INFRA', async () => {
    vi.stubEnv('PLATFORM_INFRA', 'native');
    expect((await selectProvider(paths)).name).toBe('native');
  });
});

describe('externalProvider', () => {
  it('needs both endpoints and says how to pass them', () => {
    expect(() => externalProvider({ mongoUrl: 'mongodb://x/y' })).toThrow(/needs both/);
  });
  it('names a bad URL or broker', () => {
    expect(() => externalProvider({ mongoUrl: 'postgres://x', kafkaBrokers: 'a:1' })).toThrow(/"postgres:\/\/x" is not a MongoDB URL/);
    expect(() => externalProvider({ mongoUrl: 'mongodb://x/y', kafkaBrokers: 'nohost' })).toThrow(/"nohost" is not a Kafka broker address/);
  });
});

describe('nativeProvider', () => {
  it('binds to loopback on the default ports, shifted by PLATFORM_PORT_OFFSET', () => {
    expect(nativeProvider(paths).endpoints).toEqual({ kafkaBrokers: ['127.0.0.1:9092'], mongoUrl: 'mongodb://127.0.0.1:27017/platform' });
    vi.stubEnv('PLATFORM_PORT_OFFSET', '1000');
    expect(nativeProvider(paths).endpoints).toEqual({ kafkaBrokers: ['127.0.0.1:10092'], mongoUrl: 'mongodb://127.0.0.1:28017/platform' });
  });
});
