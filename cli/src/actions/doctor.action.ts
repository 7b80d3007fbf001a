import { execa } from 'execa';
import { freeOffset, isPortFree, portHolder } from '../infra/ports-check.js';
import { dockerEngineAnswers } from '../infra/providers.js';
import { isKafkaInstalled, kafkaJarCount, KAFKA_VERSION } from '../infra/native/kafka.js';
import { mongoEngine } from '../infra/native/mongo.js';
import { findExecutable, INSTALL_HINTS } from '../infra/tools.js';
import { failedError } from '../errors.js';
import { infraPorts, instancePorts, portOffset } from '../stack/ports.js';
import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { isAlive, readState } from '../stack/state.js';
import { colors } from '../ui/colors.js';
import { printJson } from '../ui/output.js';

interface Check {
  name: string;
  ok: boolean;
  /** Not needed on every machine (docker, mongod): a miss is shown but does not fail doctor. */
  optional?: boolean;
  detail: string;
  fix?: string;
}

async function versionOf(cmd: string, args: string[], pattern: RegExp): Promise<string | undefined> {
  const path = findExecutable(cmd);
  if (!path) return undefined;
  const r = await execa(path, args, { reject: false, all: true, timeout: 10_000 });
  return pattern.exec(r.all ?? '')?.[1] ?? 'unknown version';
}

export async function doctorAction(opts: { json?: boolean }): Promise<void> {
  const paths = projectPaths();
  const checks: Check[] = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const nodeMinor = Number(process.versions.node.split('.')[1]);
  checks.push({
    name: 'node',
    ok: nodeMajor > 20 || (nodeMajor === 20 && nodeMinor >= 19),
    detail: process.versions.node,
    fix: 'install Node.js 20.19 or newer',
  });

  const [java, mvn] = await Promise.all([
    versionOf('java', ['-version'], /version "([^"]+)"/),
    versionOf('mvn', ['-v'], /Apache Maven ([0-9.]+)/),
  ]);
  const javaMajor = Number(java?.split('.')[0]);
  checks.push({
    name: 'java',
    ok: javaMajor >= 17,
    detail: java ?? 'not found',
    fix: java ? 'Kafka 4 needs Java 17 or newer' : INSTALL_HINTS.java,
  });
  const kafkaReady = isKafkaInstalled(paths.cacheDir);
  const mongo = mongoEngine(paths.cacheDir);
  const built = kafkaReady && mongo.installed;
  checks.push({ name: 'mvn', ok: Boolean(mvn) || built, optional: built, detail: mvn ?? 'not found', fix: INSTALL_HINTS.mvn });
  checks.push({
    name: 'docker engine',
    ok: await dockerEngineAnswers(),
    optional: true,
    detail: findExecutable('docker') ? 'client found' : 'not found',
    fix: 'optional: `--infra docker` needs a running Docker engine; the native provider needs none',
  });
  checks.push({
    name: `kafka ${KAFKA_VERSION} jars`,
    ok: kafkaReady,
    detail: kafkaReady ? `${kafkaJarCount(paths.cacheDir)} jars in ${paths.cacheDir}` : 'not downloaded',
    fix: 'run `platform infra install` (or just `platform up`)',
  });
  checks.push({
    name: 'database',
    ok: mongo.installed,
    detail: `${mongo.label} ${mongo.installed ? `at ${mongo.location}` : 'not built'}`,
    fix: 'run `platform infra install` (or just `platform up`)',
  });

  const state = readState(paths.stateDir);
  const running = state && isAlive(state.supervisorPid);
  if (state && !running)
    checks.push({
      name: 'state',
      ok: false,
      detail: 'a stack did not stop cleanly (stale .platform/state.json)',
      fix: 'run `platform down` (or `platform up`, which cleans up first)',
    });
  if (!running) {
    const ports = infraPorts();
    const wanted = [
      ports.kafka,
      ports.kafkaController,
      ports.mongo,
      ...discoverServices(paths.servicesDir).flatMap((s) => Object.values(instancePorts(s)).filter((p): p is number => p !== undefined)),
    ];
    const busy: string[] = [];
    for (const p of wanted) {
      if (await isPortFree(p)) continue;
      const holder = await portHolder(p);
      busy.push(holder ? `${p} (${holder})` : String(p));
    }
    const offset = busy.length
      ? await freeOffset(
          wanted.map((p) => p - portOffset()),
          portOffset(),
        )
      : undefined;
    checks.push({
      name: 'ports',
      ok: !busy.length,
      detail: busy.length ? `in use: ${busy.join(', ')}` : `${wanted.length} ports free`,
      fix: `stop what holds them, or set ${offset === undefined ? 'a PLATFORM_PORT_OFFSET at which they are free' : `PLATFORM_PORT_OFFSET=${offset} (all free there)`}`,
    });
  } else {
    const db =
      state!.processes.find((p) => p.kind === 'mongo')?.address ??
      `${state!.mongoUrl} (${state!.provider === 'docker' ? 'mongo:7, docker' : state!.provider})`;
    checks.push({ name: 'stack', ok: true, detail: `running (supervisor pid ${state!.supervisorPid}); database ${db}` });
    const memory = await databaseMemory(state!.mongoUrl);
    if (memory) checks.push(memory);
  }
  checks.push({
    name: 'cache',
    ok: true,
    detail: `${paths.cacheDir}${process.env.PLATFORM_CACHE ? ' (PLATFORM_CACHE)' : ' (set PLATFORM_CACHE to move it)'}`,
  });

  const failed = checks.filter((c) => !c.ok && !c.optional);
  if (opts.json) printJson({ ok: !failed.length, checks });
  else {
    for (const c of checks) {
      const mark = c.ok ? colors.green('✓') : c.optional ? colors.yellow('-') : colors.red('✗');
      process.stdout.write(`${mark} ${c.name.padEnd(18)} ${c.detail}${!c.ok && c.fix ? `\n  ${colors.dim('fix:')} ${c.fix}` : ''}\n`);
    }
  }
  if (failed.length)
    throw failedError(
      `${failed.length} check${failed.length > 1 ? 's' : ''} failed: ${failed.map((c) => c.name).join(', ')}`,
      'apply the fixes above, then run `platform doctor` again',
    );
}

/**
 * The native database keeps its data in memory and refuses writes past a limit (HeapGuard.java):
 * shown from 0%, a warning from 80%. Other engines (mongod, an outside database) have no such
 * figure and get no line; an unreachable database is the stack check's business, not this one's.
 */
async function databaseMemory(mongoUrl: string): Promise<Check | undefined> {
  const { withDb } = await import('../transports/mongo/client.js');
  const heap = await withDb(
    mongoUrl,
    async (db) => (await db.admin().command({ serverStatus: 1 })).platformHeap as { usedMB: number; limitMB: number } | undefined,
    'probe',
  ).catch(() => undefined);
  if (!heap) return undefined;
  const share = Math.round((100 * heap.usedMB) / heap.limitMB);
  return {
    name: 'database memory',
    ok: share < 80,
    optional: share < 100,
    detail: `${heap.usedMB} of the ${heap.limitMB} MB the native database may fill (${share}%; past 100% it refuses writes)`,
    fix: 'delete data you no longer need, or `platform down --volumes` to start empty; for more data, put mongod on PATH or use --mongo-url',
  };
}
