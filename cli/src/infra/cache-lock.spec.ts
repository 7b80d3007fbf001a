import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCacheDir, withCacheLock } from './cache-lock.js';

describe('withCacheLock', () => {
  it('runs two fills of one cache one after the other; the second is told whom it waits for', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    const order: string[] = [];
    const waitedFor: number[] = [];
    const fill = (name: string) => async () => {
      order.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 300));
      order.push(`${name} end`);
    };
    await Promise.all([withCacheLock(cache, () => {}, fill('a')), withCacheLock(cache, (pid) => waitedFor.push(pid), fill('b'))]);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(waitedFor).toEqual([process.pid]);
    expect(existsSync(join(cache, 'provision.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    writeFileSync(join(cache, 'provision.lock'), '999999999');
    let waited = false;
    expect(
      await withCacheLock(
        cache,
        () => (waited = true),
        async () => 'filled',
      ),
    ).toBe('filled');
    expect(waited).toBe(false);
  });

  it('creates a nested cache folder, and refuses one that cannot exist with the variable to change', () => {
    const base = mkdtempSync(join(tmpdir(), 'cache-'));
    ensureCacheDir(join(base, 'a', 'b'));
    expect(existsSync(join(base, 'a', 'b'))).toBe(true);
    expect(() => ensureCacheDir('/proc/platform-cache-test/x')).toThrow(
      /cannot create the download cache \/proc\/platform-cache-test\/x: ENOENT/,
    );
    writeFileSync(join(base, 'file'), '');
    expect(() => ensureCacheDir(join(base, 'file', 'sub'))).toThrow(/ENOTDIR/);
  });
});
