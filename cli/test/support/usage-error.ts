import { expect } from 'vitest';
import { PlatformError } from '../../src/errors.js';

/** Runs `fn`, expects a usage error (exit code 2) and returns its message for further checks. */
export function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PlatformError);
    expect((e as PlatformError).exitCode).toBe(2);
    return (e as PlatformError).message;
  }
  throw new Error('expected a usage error');
}
