import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { usageError } from '../errors.js';

/**
 * Writes every file into a temporary folder beside services/ (same filesystem, outside the
 * `services/*` glob so no command discovers it half-written), then renames it into place in one
 * step. Any failure removes the temporary folder: there is never a half-written service.
 */
export function writeAtomically(projectRoot: string, target: string, files: Map<string, string>): void {
  if (existsSync(target)) throw usageError(`${target} already exists`, 'pick another name');
  const staging = mkdtempSync(join(projectRoot, '.platform-generate-'));
  try {
    for (const [path, content] of files) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    mkdirSync(dirname(target), { recursive: true });
    try {
      renameSync(staging, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw usageError(`${target} already exists`, 'pick another name');
      throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
