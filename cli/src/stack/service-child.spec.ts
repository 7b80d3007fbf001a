import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceChild } from './service-child.js';
import type { ServiceSpec } from './declaration.js';

const spec = (name: string, tcpPort: number, httpPort?: number): ServiceSpec => ({
  name,
  dir: `/p/services/${name}`,
  description: '',
  tcpPort,
  httpPort,
  transports: ['tcp'],
  consumes: [],
  produces: [],
  dependsOn: [],
  partitions: 3,
  staged: false,
});
const endpoints = { kafkaBrokers: ['127.0.0.1:9092'], mongoUrl: 'mongodb://127.0.0.1:27017/platform' };

afterEach(() => vi.unstubAllEnvs());

describe('serviceChild', () => {
  const all = [spec('gateway', 4000, 3000), spec('ledger-core', 4002)];

  it('passes the contract environment: own ports, peers, infra, loopback', () => {
    const child = serviceChild(all[0], all, endpoints, '/logs');
    expect(child.env).toMatchObject({
      PLATFORM_SERVICE: 'gateway',
      PLATFORM_INSTANCE: '0',
      PLATFORM_HOST: '127.0.0.1',
      TCP_PORT: '4000',
      HTTP_PORT: '3000',
      GATEWAY_TCP_PORT: '4000',
      LEDGER_CORE_TCP_PORT: '4002',
      KAFKA_BROKERS: '127.0.0.1:9092',
      MONGO_URL: endpoints.mongoUrl,
    });
    expect(child.args).toContain('dist/main.js');
    expect(child.cwd).toBe('/p/services/gateway');
    expect(child.ports).toEqual([4000, 3000]);
    expect(child.logFile).toBe('/logs/gateway.log');
  });

  it('gives scaled instances their own ports and log file, and peers instance 0', () => {
    const child = serviceChild(all[1], all, endpoints, '/logs', 2);
    expect(child.env.TCP_PORT).toBe('4202');
    expect(child.env.LEDGER_CORE_TCP_PORT).toBe('4002');
    expect(child.logFile).toBe('/logs/ledger-core-2.log');
  });

  it('shifts every port by PLATFORM_PORT_OFFSET', () => {
    vi.stubEnv('PLATFORM_PORT_OFFSET', '10000');
    const child = serviceChild(all[0], all, endpoints, '/logs');
    expect(child.ports).toEqual([14000, 13000]);
    expect(child.env.LEDGER_CORE_TCP_PORT).toBe('14002');
  });

  it('preloads tracing in nest-kit services and points their spans at the stack receiver, or the user endpoint as well', () => {
    vi.stubEnv('PLATFORM_PORT_OFFSET', '1000');
    const nestKit = serviceChild({ ...all[0], staged: true }, all, endpoints, '/logs');
    expect(nestKit.args).toEqual(['--enable-source-maps', '--import', '@platform/nest-kit/tracing', 'dist/main.js']);
    expect(nestKit.env).toMatchObject({
      PLATFORM_OTLP_ENDPOINT: 'http://127.0.0.1:5318',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:5318',
    });
    expect(serviceChild(all[1], all, endpoints, '/logs').args).toEqual(['--enable-source-maps', 'dist/main.js']);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://jaeger:4318');
    expect(serviceChild(all[0], all, endpoints, '/logs').env).toMatchObject({
      PLATFORM_OTLP_ENDPOINT: 'http://127.0.0.1:5318',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
    });
  });
});
