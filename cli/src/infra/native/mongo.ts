import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { failedError } from '../../errors.js';
import { recipesDir, type ProjectPaths } from '../../stack/project.js';
import type { InfraPorts } from '../../stack/ports.js';
import type { ChildSpec } from '../child-spec.js';
import { findExecutable } from '../tools.js';
import { requireTool } from './require-tool.js';
import { tail } from './kafka.js';

export const FERRETDB_VERSION = '1.24.2';
export const ferretdbBinary = (cacheDir: string) => join(cacheDir, `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');

/** `mongod` when one is on PATH (the real thing), otherwise FerretDB built from the Go module proxy. */
export function mongoEngine(cacheDir: string): { engine: 'mongod' | 'ferretdb'; binary: string; installed: boolean } {
  const mongod = findExecutable('mongod');
  if (mongod) return { engine: 'mongod', binary: mongod, installed: true };
  const bin = ferretdbBinary(cacheDir);
  return { engine: 'ferretdb', binary: bin, installed: existsSync(bin) };
}

export async function installMongo(paths: ProjectPaths): Promise<void> {
  const { engine, installed, binary } = mongoEngine(paths.cacheDir);
  if (engine === 'mongod' || installed) return;
  const go = requireTool('go');
  const tmp = `${binary}.tmp-${process.pid}`;
  mkdirSync(join(binary, '..'), { recursive: true });
  const result = await execa(go, ['build', '-o', tmp, '.'], {
    cwd: join(recipesDir(), 'native/ferretdb'),
    env: { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) {
    rmSync(tmp, { force: true });
    throw failedError(`building FerretDB ${FERRETDB_VERSION} with Go failed:\n${tail(result.all ?? '', 15)}`, 'check that the Go module proxy is reachable (`go env GOPROXY`), then run `platform infra install`');
  }
  renameSync(tmp, binary);
}

export function prepareMongo(paths: ProjectPaths, ports: InfraPorts): ChildSpec {
  const { engine, binary } = mongoEngine(paths.cacheDir);
  const dataDir = join(paths.dataDir, engine);
  mkdirSync(dataDir, { recursive: true });
  const args =
    engine === 'mongod'
      ? ['--bind_ip', '127.0.0.1', '--port', String(ports.mongo), '--dbpath', dataDir, '--quiet']
      : ['-listen-addr', `127.0.0.1:${ports.mongo}`, '-sqlite-url', `file:${dataDir}/`, '-log-level', 'error'];
  return {
    name: 'mongo',
    kind: 'mongo',
    instance: 0,
    command: binary,
    args,
    cwd: paths.stateDir,
    env: {},
    logFile: join(paths.logsDir, 'mongo.log'),
    address: `127.0.0.1:${ports.mongo} (${engine})`,
    ports: [ports.mongo],
  };
}
