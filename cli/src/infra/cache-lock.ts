import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDir } from '../stack/make-dir.js';
import { isAlive } from '../stack/state.js';

/** The download cache, created with the one fix a user needs when it cannot be. */
export function ensureCacheDir(cacheDir: string): void {
  makeDir(cacheDir, `the download cache ${cacheDir}`, 'set PLATFORM_CACHE to a folder you can write (or unset it for ~/.cache/platform)');
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
