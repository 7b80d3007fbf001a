import { describe, expect, it } from 'vitest';
import { PoisonMessageError, deadLetterTopic, nextStepAfterFailure } from './dead-letter.js';

describe('dead-letter policy', () => {
  it('retries a failing message with exponential backoff, then dead-letters it after the last attempt', () => {
    const error = new Error('mongo timeout');
    expect(nextStepAfterFailure(error, 1, 3, 100)).toEqual({ action: 'retry', delayMs: 100 });
    expect(nextStepAfterFailure(error, 2, 3, 100)).toEqual({ action: 'retry', delayMs: 200 });
    expect(nextStepAfterFailure(error, 3, 3, 100)).toEqual({ action: 'dead-letter' });
  });

  it('dead-letters a poison message at once: retrying cannot fix it', () => {
    expect(nextStepAfterFailure(new PoisonMessageError('not JSON'), 1)).toEqual({ action: 'dead-letter' });
  });

  it('names the dead-letter topic after the original', () => {
    expect(deadLetterTopic('payments.events')).toBe('payments.events.dlt');
  });
});
