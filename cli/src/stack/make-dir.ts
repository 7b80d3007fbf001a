import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { usageError } from '../errors.js';

/**
 * Creates a folder the user chose through a variable (PLATFORM_CACHE, PLATFORM_STATE_DIR), one
 * level at a time. `mkdirSync(dir, { recursive: true })` never returns when a parent exists but
 * refuses children (/proc/x): Node retries forever. Any refusal is a usage error: "cannot create
 * <what>: <code> at <level>", with `fix`.
 */
export function makeDir(dir: string, what: string, fix: string): void {
  const missing: string[] = [];
  for (let level = dir; !existsSync(level); level = dirname(level)) missing.unshift(level);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw usageError(`cannot create ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} at ${level}`, fix);
    }
  }
}
