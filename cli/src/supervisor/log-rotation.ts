import { copyFile, stat, truncate } from 'node:fs/promises';
import { usageError } from '../errors.js';

/** How big a process's log may grow before it is rotated: PLATFORM_LOG_MAX_MB, default 64 (docs/service-contract.md). */
export function logMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PLATFORM_LOG_MAX_MB?.trim();
  if (!raw) return 64 * 2 ** 20;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 1)
    throw usageError(
      `PLATFORM_LOG_MAX_MB="${env.PLATFORM_LOG_MAX_MB}" is not a size in MB (at least 1)`,
      'e.g. PLATFORM_LOG_MAX_MB=64, the default',
    );
  return mb * 2 ** 20;
}

/**
 * Keeps a log bounded while its process writes to it: past `maxBytes`, the file is copied to
 * `<file>.1` (replacing the one before) and emptied in place. The process holds the file open for
 * appending (O_APPEND), so its next line lands at the start of the emptied file; renaming the file
 * instead would leave the process writing to the renamed one. A line written between the copy and
 * the truncation is lost, as with logrotate's copytruncate. Under load the flow logs about 2 KB per
 * payment across the services: unbounded, that was 700 MB in an afternoon of benchmarks.
 */
export async function rotateIfLarge(file: string, maxBytes: number): Promise<boolean> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= maxBytes) return false;
  await copyFile(file, `${file}.1`);
  await truncate(file, 0);
  return true;
}
