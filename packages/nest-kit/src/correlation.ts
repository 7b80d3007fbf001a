import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Kafka header names and the TCP payload field that carry the correlation id across services. */
export const HEADERS = {
  correlationId: 'correlation-id',
  eventId: 'event-id',
  eventType: 'event-type',
  error: 'dlt-error',
  attempts: 'dlt-attempts',
  originalTopic: 'dlt-original-topic',
} as const;
export const CORRELATION_FIELD = 'correlationId';

const storage = new AsyncLocalStorage<{ correlationId: string }>();

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function withCorrelationId<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: correlationId ?? randomUUID() }, fn);
}
