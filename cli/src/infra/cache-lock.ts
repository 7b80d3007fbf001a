import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { usageError } from '../errors.js';
import { isAlive } from '../stack/state.js';

/**
 * Creates the cache folder one level at a time. `mkdirSync(dir, { recursive: true })` never returns
 * when a parent exists but refuses children (PLATFORM_CACHE=/proc/x): Node retries forever.
 */
export function ensureCacheDir(cacheDir: string): void {
  const missing: string[] = [];
  for (let dir = cacheDir; !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw usageError(
        `cannot create the download cache ${cacheDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} at ${dir}`,
        'set PLATFORM_CACHE to a folder you can write (or unset it for ~/.cache/platform)',
      );
    }
  }
}

/**
 * Runs `fill` holding the cache's lock, so two `platform up`s (two stacks, two terminals) that
 * provision the same cache at once build it once: the second waits, then finds it filled.
 * A lock left by a process that died is taken over.
 */
export async function withCacheLock<T>(cacheDir: string, onWait: (holderPid: number) => void, fill: () => Promise<T>): Promise<T> {
  ensureCacheDir(cacheDir);
  const lock = join(cacheDir, 'provision.lock');
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(readFileSync(lock, 'utf8'));
      // An empty file is a lock being written this instant: wait like for any other holder.
      if (holder && !isAlive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!told) onWait(holder);
      told = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fill();
  } finally {
    rmSync(lock, { force: true });
  }
}
