import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { failedError } from '../../errors.js';
import { recipesDir, type ProjectPaths } from '../../stack/project.js';
import type { InfraPorts } from '../../stack/ports.js';
import type { ChildSpec } from '../child-spec.js';
import { tail } from '../../ui/text.js';
import { requireTool } from './require-tool.js';
import { isMavenBuildComplete, mavenInto } from './maven.js';

export const KAFKA_VERSION = '4.1.1';

export const kafkaLibs = (cacheDir: string) => join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
export const isKafkaInstalled = (cacheDir: string) =>
  isMavenBuildComplete(kafkaLibs(cacheDir)) && existsSync(join(kafkaLibs(cacheDir), `kafka_2.13-${KAFKA_VERSION}.jar`));

/** Resolves the broker classpath from Maven Central with the project's own pom (jars never enter the repo). */
export async function installKafka(paths: ProjectPaths): Promise<void> {
  if (isKafkaInstalled(paths.cacheDir)) return;
  await mavenInto(
    kafkaLibs(paths.cacheDir),
    join(recipesDir(), 'native/kafka/pom.xml'),
    ['dependency:copy-dependencies', '-DoutputDirectory=${out}'],
    `resolve the Kafka ${KAFKA_VERSION} jars`,
  );
}

/** Writes server.properties for this stack and formats the KRaft storage once. */
export async function prepareKafka(paths: ProjectPaths, ports: InfraPorts): Promise<ChildSpec> {
  const java = requireTool('java');
  const confDir = join(paths.stateDir, 'kafka');
  const dataDir = join(paths.dataDir, 'kafka');
  mkdirSync(confDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const template = readFileSync(join(recipesDir(), 'native/kafka/server.properties'), 'utf8');
  const props = template
    .replaceAll('${port}', String(ports.kafka))
    .replaceAll('${controllerPort}', String(ports.kafkaController))
    .replaceAll('${dataDir}', dataDir);
  const propsFile = join(confDir, 'server.properties');
  writeFileSync(propsFile, props);
  const classpath = join(kafkaLibs(paths.cacheDir), '*');
  const log4j = `-Dlog4j.configuration=file:${join(recipesDir(), 'native/kafka/log4j.properties')}`;
  const jvm = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', log4j];
  // The storage tool runs for a second: the quickest JIT and GC settings suit it best.
  const tool = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath, log4j, 'kafka.tools.StorageTool'];

  if (!existsSync(join(dataDir, 'meta.properties'))) {
    const clusterId = readClusterId(confDir) ?? newClusterId();
    writeFileSync(join(confDir, 'cluster-id'), clusterId);
    const fmt = await execa(java, [...tool, 'format', '-t', clusterId, '-c', propsFile, '--ignore-formatted'], {
      reject: false,
      all: true,
    });
    if (fmt.exitCode !== 0)
      throw failedError(
        `formatting Kafka storage failed:\n${tail(fmt.all ?? '', 15)}`,
        'run `platform down --volumes` to start from empty data, then `platform up`',
      );
  }
  return {
    name: 'kafka',
    kind: 'kafka',
    instance: 0,
    command: java,
    args: [...jvm, '-cp', classpath, 'kafka.Kafka', propsFile],
    cwd: paths.stateDir,
    env: {},
    logFile: join(paths.logsDir, 'kafka.log'),
    address: `127.0.0.1:${ports.kafka}`,
    ports: [ports.kafka, ports.kafkaController],
  };
}

/** Same form as `kafka-storage random-uuid` (16 random bytes, base64url), without starting a JVM for it. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function readClusterId(confDir: string): string | undefined {
  const f = join(confDir, 'cluster-id');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : undefined;
}

export const kafkaJarCount = (cacheDir: string) =>
  isKafkaInstalled(cacheDir) ? readdirSync(kafkaLibs(cacheDir)).filter((f) => f.endsWith('.jar')).length : 0;
