import { join } from 'node:path';
import { execa } from 'execa';
import { failedError, unreachableError, usageError } from '../errors.js';
import { recipesDir, type ProjectPaths } from '../stack/project.js';
import { infraPorts } from '../stack/ports.js';
import type { StackEndpoints } from '../stack/service-child.js';
import type { ChildSpec } from './child-spec.js';
import { installKafka, isKafkaInstalled, prepareKafka } from './native/kafka.js';
import { tail } from '../ui/text.js';
import { installMongo, mongoEngine, prepareMongo } from './native/mongo.js';
import { findExecutable, INSTALL_HINTS } from './tools.js';

export type ProviderName = 'native' | 'docker' | 'external';
export const PROVIDERS: ProviderName[] = ['native', 'docker', 'external'];

export interface InfraOptions {
  infra?: string;
  mongoUrl?: string;
  kafkaBrokers?: string;
}

/** Where Kafka and the database come from; the supervisor treats all three the same way. */
export interface InfraProvider {
  name: ProviderName;
  endpoints: StackEndpoints;
  isInstalled(): boolean;
  /** Idempotent: downloads or builds what is missing (native only). */
  install(onStep?: (what: string) => void): Promise<void>;
  /** Processes the supervisor must own (native), after any one-time setup. */
  prepare(): Promise<ChildSpec[]>;
  /** For providers whose servers run elsewhere (docker): bring them up / down. */
  start?(): Promise<void>;
  stop?(volumes: boolean): Promise<void>;
}

const DB = 'platform';

export function nativeProvider(paths: ProjectPaths): InfraProvider {
  const ports = infraPorts();
  return {
    name: 'native',
    endpoints: { kafkaBrokers: [`127.0.0.1:${ports.kafka}`], mongoUrl: `mongodb://127.0.0.1:${ports.mongo}/${DB}` },
    isInstalled: () => isKafkaInstalled(paths.cacheDir) && mongoEngine(paths.cacheDir).installed,
    async install(onStep) {
      if (!isKafkaInstalled(paths.cacheDir)) {
        onStep?.('Resolving Apache Kafka jars from Maven Central');
        await installKafka(paths);
      }
      if (!mongoEngine(paths.cacheDir).installed) {
        onStep?.('Building the mongo-java-server launcher with Maven (first time only, about a minute)');
        await installMongo(paths);
      }
    },
    prepare: async () => [await prepareKafka(paths, ports), prepareMongo(paths, ports)],
  };
}

export function dockerProvider(): InfraProvider {
  const ports = infraPorts();
  const compose = (args: string[]) =>
    execa('docker', ['compose', '-f', join(recipesDir(), 'docker-compose.yml'), '-p', 'platform', ...args], {
      env: { PLATFORM_KAFKA_PORT: String(ports.kafka), PLATFORM_MONGO_PORT: String(ports.mongo) },
      reject: false,
      all: true,
    });
  return {
    name: 'docker',
    endpoints: { kafkaBrokers: [`127.0.0.1:${ports.kafka}`], mongoUrl: `mongodb://127.0.0.1:${ports.mongo}/${DB}` },
    isInstalled: () => true,
    install: async () => {},
    prepare: async () => [],
    async start() {
      const r = await compose(['up', '-d', '--wait']);
      if (r.exitCode !== 0)
        throw failedError(`docker compose up failed:\n${tail(r.all ?? '', 15)}`, 'run `platform doctor`, or use `--infra native`');
    },
    async stop(volumes) {
      await compose(['down', ...(volumes ? ['--volumes'] : [])]);
    },
  };
}

export function externalProvider(opts: InfraOptions): InfraProvider {
  const mongoUrl = opts.mongoUrl ?? process.env.PLATFORM_MONGO_URL;
  const brokers = opts.kafkaBrokers ?? process.env.PLATFORM_KAFKA_BROKERS;
  if (!mongoUrl || !brokers) {
    throw usageError(
      'the external provider needs both a Mongo URL and Kafka brokers',
      'pass `--mongo-url mongodb://host:27017/db --kafka-brokers host:9092` (or set PLATFORM_MONGO_URL and PLATFORM_KAFKA_BROKERS)',
    );
  }
  if (!/^mongodb(\+srv)?:\/\//.test(mongoUrl))
    throw usageError(`"${mongoUrl}" is not a MongoDB URL`, 'it should start with mongodb:// , e.g. mongodb://127.0.0.1:27017/platform');
  const kafkaBrokers = brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const badBroker = kafkaBrokers.find((b) => !/^[^:\s]+:\d+$/.test(b));
  if (badBroker) throw usageError(`"${badBroker}" is not a Kafka broker address`, 'use host:port, comma-separated, e.g. 127.0.0.1:9092');
  return {
    name: 'external',
    endpoints: { kafkaBrokers, mongoUrl },
    isInstalled: () => true,
    install: async () => {},
    prepare: async () => [],
  };
}

/** `--infra bogus` (or PLATFORM_INFRA=bogus) is a usage error before anything else happens. */
export function assertProviderName(name = process.env.PLATFORM_INFRA): void {
  if (name !== undefined && !PROVIDERS.includes(name as ProviderName)) {
    throw usageError(`unknown infrastructure provider "${name}" (--infra)`, `use one of: ${PROVIDERS.join(', ')}`);
  }
}

export async function dockerEngineAnswers(): Promise<boolean> {
  if (!findExecutable('docker')) return false;
  const r = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 3000 });
  return r.exitCode === 0 && Boolean(r.stdout.trim());
}

/**
 * `--infra` wins, then PLATFORM_INFRA; given a Mongo URL or brokers, external; a Docker engine
 * that answers, docker; otherwise native (what CI and most workshop laptops without Docker run).
 */
export async function selectProvider(paths: ProjectPaths, opts: InfraOptions = {}): Promise<InfraProvider> {
  const wanted = opts.infra ?? process.env.PLATFORM_INFRA;
  assertProviderName(wanted);
  if (
    wanted === 'external' ||
    (!wanted && (opts.mongoUrl || opts.kafkaBrokers || process.env.PLATFORM_MONGO_URL || process.env.PLATFORM_KAFKA_BROKERS))
  )
    return externalProvider(opts);
  if (wanted === 'native') return nativeProvider(paths);
  if (wanted === 'docker') {
    if (!(await dockerEngineAnswers()))
      throw unreachableError('no Docker engine answers (`docker info` failed)', `${INSTALL_HINTS.docker}`);
    return dockerProvider();
  }
  return (await dockerEngineAnswers()) ? dockerProvider() : nativeProvider(paths);
}

export function providerByName(paths: ProjectPaths, name: ProviderName, endpoints?: StackEndpoints): InfraProvider {
  if (name === 'docker') return dockerProvider();
  if (name === 'external') return externalProvider({ mongoUrl: endpoints?.mongoUrl, kafkaBrokers: endpoints?.kafkaBrokers.join(',') });
  return nativeProvider(paths);
}
