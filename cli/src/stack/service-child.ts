import { join } from 'node:path';
import type { ChildSpec } from '../infra/child-spec.js';
import { HOST, instancePorts } from './ports.js';
import type { ServiceSpec } from './declaration.js';
import type { Endpoint } from './state.js';
import { telemetryEnv } from '../telemetry/supervised.js';

/** nest-kit's tracing preload: it must run before the service's modules load to instrument them (docs/tracing.md). */
export const TRACING_PRELOAD = '@platform/nest-kit/tracing';

export interface StackEndpoints {
  kafkaBrokers: string[];
  mongoUrl: string;
}

/** Where the stack's Kafka and database listen, as `status --json` reports them (any provider). */
export function infraEndpoint(kind: 'kafka' | 'mongo', endpoints: StackEndpoints): Endpoint | undefined {
  try {
    const url = new URL(kind === 'kafka' ? `kafka://${endpoints.kafkaBrokers[0]}` : endpoints.mongoUrl);
    return { host: url.hostname, ports: { [kind]: Number(url.port || (kind === 'kafka' ? 9092 : 27017)) } };
  } catch {
    return undefined; // mongodb+srv and other forms without one host and port
  }
}

/** How the supervisor runs one instance of a service: `node dist/main.js` (with the tracing preload for nest-kit services) and the contract's env. */
export function serviceChild(spec: ServiceSpec, all: ServiceSpec[], endpoints: StackEndpoints, logsDir: string, instance = 0): ChildSpec {
  const ports = instancePorts(spec, instance);
  const env: Record<string, string> = {
    PLATFORM_SERVICE: spec.name,
    PLATFORM_INSTANCE: String(instance),
    PLATFORM_HOST: HOST,
    TCP_PORT: String(ports.tcp),
    MONGO_URL: endpoints.mongoUrl,
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    ...telemetryEnv(),
  };
  if (ports.http) env.HTTP_PORT = String(ports.http);
  // Peers are always reached on instance 0's port.
  for (const peer of all) env[`${peer.name.toUpperCase().replace(/-/g, '_')}_TCP_PORT`] = String(instancePorts(peer, 0).tcp);
  const values: Record<string, string> = {
    tcpPort: String(ports.tcp),
    httpPort: String(ports.http ?? ''),
    kafkaBrokers: env.KAFKA_BROKERS,
    mongoUrl: env.MONGO_URL,
    host: HOST,
  };
  for (const [name, template] of Object.entries(spec.env ?? {})) env[name] = fillPlaceholders(template, values);
  const suffix = instance ? `-${instance}` : '';
  return {
    name: spec.name,
    kind: 'service',
    instance,
    command: process.execPath,
    // `staged` means built on nest-kit, which brings the tracing preload.
    args: ['--enable-source-maps', ...(spec.staged ? ['--import', TRACING_PRELOAD] : []), spec.start ?? 'dist/main.js'],
    cwd: spec.dir,
    env,
    logFile: join(logsDir, `${spec.name}${suffix}.log`),
    endpoint: { host: HOST, ports: ports.http ? { tcp: ports.tcp, http: ports.http } : { tcp: ports.tcp } },
    address: ports.http ? `tcp ${HOST}:${ports.tcp}, http ${HOST}:${ports.http}` : `tcp ${HOST}:${ports.tcp}`,
    ports: ports.http ? [ports.tcp, ports.http] : [ports.tcp],
    staged: spec.staged,
  };
}

/** `{tcpPort}` -> the instance's port; declarations are checked against ENV_PLACEHOLDERS when read. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
