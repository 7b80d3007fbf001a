import { describe, expect, it } from 'vitest';
import { isInteractive } from './prompts.js';

describe('isInteractive', () => {
  it('never in CI, on a dumb terminal, or without a terminal (as in this test run)', () => {
    expect(isInteractive({ CI: 'true' })).toBe(false);
    expect(isInteractive({ TERM: 'dumb' })).toBe(false);
    if (!process.stdin.isTTY) expect(isInteractive({})).toBe(false);
  });
});
