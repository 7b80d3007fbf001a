import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed } from './proc.mjs';
import { WORK } from './stack.mjs';

const FERRETDB_VERSION = '1.24.2';
const FERRETDB_MODULE = fileURLToPath(new URL('../peers/ferretdb/', import.meta.url));

/** A benchmark that cannot run here says why, and the harness lists it as skipped. */
export const skip = (message) => Object.assign(new Error(message), { skip: true });

/**
 * The previous native engine, FerretDB 1.24.2 on SQLite, built on demand into the cache with the
 * machine's Go (the product no longer needs Go; only this peer does). Quick runs never build it.
 */
export async function ensureFerretdb({ cacheDir, quick, log }) {
  const binary = join(cacheDir, `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
  if (existsSync(binary)) return binary;
  if (quick)
    throw skip(`FerretDB ${FERRETDB_VERSION} is not built, and quick runs do not build it (a full run does, with Go, in a few minutes)`);
  const go = await timed('go', ['version']).catch(() => undefined);
  if (!go) throw skip(`FerretDB ${FERRETDB_VERSION} is not built and Go is not on PATH to build it`);
  log(`   building FerretDB ${FERRETDB_VERSION} with Go into ${binary} (first time only)`);
  mkdirSync(join(binary, '..'), { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  await timed('go', ['build', '-o', tmp, '.'], {
    cwd: FERRETDB_MODULE,
    env: { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
    timeoutMs: 1_200_000,
  });
  renameSync(tmp, binary);
  return binary;
}

/** One database server the bench owns: its own port and data folder under bench/.work. */
export async function startEngine(name, [command, args], { port, dataDir }) {
  const { mongoAnswers, waitUntil } = await import('../../cli/dist/infra/readiness.js');
  const log = openSync(join(dataDir, '..', `${name}.log`), 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  const url = `mongodb://127.0.0.1:${port}/bench`;
  await waitUntil(
    () => mongoAnswers(url),
    180_000,
    250,
    () => child.exitCode === null,
  );
  return {
    url,
    /** CPU time the server process has used so far (user + system), in ms; Linux only. */
    cpuMs() {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      } catch {
        return NaN;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function freshDataDir(name) {
  const dir = join(WORK, 'db-engine', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
