/** Dead-letter policy for Kafka consumers: how often a failing message is retried before it is parked. */

/** A message that can never succeed (not JSON, fails validation): retrying it is pointless. */
export class PoisonMessageError extends Error {
  readonly poison = true;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

export type NextStep = { action: 'retry'; delayMs: number } | { action: 'dead-letter' };

/** After failed attempt number `attempt` (1-based): retry with exponential backoff, or dead-letter. */
export function nextStepAfterFailure(error: unknown, attempt: number, maxAttempts = DEFAULT_MAX_ATTEMPTS, baseDelayMs = 100): NextStep {
  if (error instanceof PoisonMessageError || attempt >= maxAttempts) return { action: 'dead-letter' };
  return { action: 'retry', delayMs: baseDelayMs * 2 ** (attempt - 1) };
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}
