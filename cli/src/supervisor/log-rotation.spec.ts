import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logMaxBytes, rotateIfLarge } from './log-rotation.js';

describe('rotateIfLarge', () => {
  it('leaves a small log alone; past the limit keeps the old lines in .1 and the writer goes on at the start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logs-')), 'svc.log');
    // Opened for appending, as the supervisor opens a child's stdout.
    const fd = openSync(file, 'a');
    writeSync(fd, 'one\n');
    expect(await rotateIfLarge(file, 10)).toBe(false);
    writeSync(fd, 'two two two\n');
    expect(await rotateIfLarge(file, 10)).toBe(true);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('one\ntwo two two\n');
    writeSync(fd, 'three\n');
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('three\n');
    expect(await rotateIfLarge(join(file, 'missing'), 10)).toBe(false);
  });

  it('takes PLATFORM_LOG_MAX_MB (64 unset), and refuses a value that is not a size, naming it', () => {
    expect(logMaxBytes({})).toBe(64 * 2 ** 20);
    expect(logMaxBytes({ PLATFORM_LOG_MAX_MB: '8' })).toBe(8 * 2 ** 20);
    expect(() => logMaxBytes({ PLATFORM_LOG_MAX_MB: 'lots' })).toThrow('PLATFORM_LOG_MAX_MB="lots" is not a size in MB');
    expect(() => logMaxBytes({ PLATFORM_LOG_MAX_MB: '0' })).toThrow(/at least 1/);
  });
});
