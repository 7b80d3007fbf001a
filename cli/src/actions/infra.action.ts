import { withCacheLock } from '../infra/cache-lock.js';
import { nativeProvider } from '../infra/providers.js';
import { isKafkaInstalled, kafkaLibs, KAFKA_VERSION } from '../infra/native/kafka.js';
import { mongoEngine } from '../infra/native/mongo.js';
import { projectPaths } from '../stack/project.js';
import { printJson, progress } from '../ui/output.js';

/** `platform infra install`: resolve Kafka jars and build the database launcher into the cache; idempotent. */
export async function infraInstallAction(opts: { json?: boolean }): Promise<void> {
  const paths = projectPaths();
  const provider = nativeProvider(paths);
  const steps = progress(!opts.json);
  const started = Date.now();
  await withCacheLock(
    paths.cacheDir,
    (holder) => steps.step(`Waiting for pid ${holder}, which is provisioning ${paths.cacheDir}`),
    () => provider.install((what) => steps.step(what)),
  );
  steps.done();
  const mongo = mongoEngine(paths.cacheDir);
  const summary = {
    cache: paths.cacheDir,
    kafka: { version: KAFKA_VERSION, installed: isKafkaInstalled(paths.cacheDir), libs: kafkaLibs(paths.cacheDir) },
    database: { engine: mongo.engine, label: mongo.label, location: mongo.location },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  if (opts.json) return printJson(summary);
  process.stdout.write(
    `Kafka ${KAFKA_VERSION}: ${summary.kafka.libs}\n${mongo.label}: ${mongo.location}\nInfrastructure is installed (${summary.seconds}s).\n`,
  );
}
