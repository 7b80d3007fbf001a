import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { recipesDir, type ProjectPaths } from '../../stack/project.js';
import type { InfraPorts } from '../../stack/ports.js';
import type { ChildSpec } from '../child-spec.js';
import { findExecutable } from '../tools.js';
import { requireTool } from './require-tool.js';
import { isMavenBuildComplete, mavenInto } from './maven.js';

export const MONGO_JAVA_SERVER_VERSION = '1.47.0';
export const LAUNCHER_MAIN = 'dev.platform.mongo.Main';

export interface MongoEngine {
  engine: 'mongod' | 'mongo-java-server';
  /** What `status` and `doctor` show, e.g. "mongo-java-server 1.47.0". */
  label: string;
  /** mongod's binary, or the folder with the launcher jar and its classpath. */
  location: string;
  installed: boolean;
}

/**
 * The build folder is named after the launcher's sources as well as the library version, so a
 * changed launcher is rebuilt instead of an old jar being reused from the shared cache.
 */
export function launcherDir(cacheDir: string): string {
  const root = join(recipesDir(), 'native/mongo');
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (e.name === 'pom.xml' || e.name.endsWith('.java')))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const f of files) hash.update(relative(root, f)).update(readFileSync(f));
  return join(cacheDir, `mongo-java-server-${MONGO_JAVA_SERVER_VERSION}-${hash.digest('hex').slice(0, 10)}`);
}

/** `mongod` when one is on PATH (the real thing), otherwise mongo-java-server run by our launcher. */
export function mongoEngine(cacheDir: string): MongoEngine {
  const mongod = findExecutable('mongod');
  if (mongod) return { engine: 'mongod', label: 'mongod', location: mongod, installed: true };
  const dir = launcherDir(cacheDir);
  return {
    engine: 'mongo-java-server',
    label: `mongo-java-server ${MONGO_JAVA_SERVER_VERSION}`,
    location: dir,
    installed: isMavenBuildComplete(dir),
  };
}

/** Builds the launcher and resolves its classpath from Maven Central, as for Kafka (nothing enters the repo). */
export async function installLauncher(cacheDir: string): Promise<string> {
  const dir = launcherDir(cacheDir);
  if (!isMavenBuildComplete(dir)) {
    await mavenInto(
      dir,
      join(recipesDir(), 'native/mongo/pom.xml'),
      ['-Dplatform.build.dir=${out}', 'package', 'dependency:copy-dependencies'],
      `build the mongo-java-server ${MONGO_JAVA_SERVER_VERSION} launcher`,
    );
  }
  return dir;
}

export async function installMongo(paths: ProjectPaths): Promise<void> {
  if (mongoEngine(paths.cacheDir).engine === 'mongo-java-server') await installLauncher(paths.cacheDir);
}

/** The launcher's command line; `up` runs it under the supervisor, the conformance suite on its own. */
export function mongoJavaServerCommand(
  location: string,
  port: number,
  dataDir: string,
  extra: string[] = [],
  heap = '3g',
): [string, string[]] {
  return [
    requireTool('java'),
    // The data lives in the heap, at about 3.5 KiB per document of the payment flow: 270,000
    // documents (67,000 payments, four documents each) filled 1 GiB, and G1 then spent more CPU
    // marking the heap than the server spent on requests (2.1 s against 2.0 s in 12 s of load).
    // The heap only grows as the data does; 3 GiB holds about 800,000 documents. Past 90% of it,
    // the launcher refuses writes that add data (HeapGuard.java) rather than run out of memory.
    [
      '-Xms64m',
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      '-cp',
      `${join(location, 'platform-mongo.jar')}:${join(location, 'libs', '*')}`,
      LAUNCHER_MAIN,
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      ...extra,
    ],
  ];
}

export function prepareMongo(paths: ProjectPaths, ports: InfraPorts): ChildSpec {
  const { engine, label, location } = mongoEngine(paths.cacheDir);
  const dataDir = join(paths.dataDir, engine);
  mkdirSync(dataDir, { recursive: true });
  const [command, args] =
    engine === 'mongod'
      ? [location, ['--bind_ip', '127.0.0.1', '--port', String(ports.mongo), '--dbpath', dataDir, '--quiet']]
      : mongoJavaServerCommand(location, ports.mongo, dataDir);
  return {
    name: 'mongo',
    kind: 'mongo',
    instance: 0,
    command,
    args,
    cwd: paths.stateDir,
    env: {},
    logFile: join(paths.logsDir, 'mongo.log'),
    address: `127.0.0.1:${ports.mongo} (${label})`,
    ports: [ports.mongo],
  };
}
