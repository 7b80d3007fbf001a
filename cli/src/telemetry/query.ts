import { setTimeout as sleep } from 'node:timers/promises';
import { spansFile } from './receiver.js';
import { SpanStore, spanCapacity } from './span-store.js';
import type { SpanRecord } from './span.js';

/** The stack's span store as its file holds it now (readable with the stack up or down). */
export function openSpanStore(stateDir: string): SpanStore {
  return SpanStore.load(spansFile(stateDir), spanCapacity());
}

/**
 * Waits until a trace has settled: it has at least `minSpans` spans (and `until` holds, when given)
 * and no new span arrived for `quietMs`. Returns what arrived by `timeoutMs` either way.
 */
export async function waitForTrace(
  stateDir: string,
  id: string,
  opts: { quietMs?: number; timeoutMs?: number; minSpans?: number; until?: (spans: SpanRecord[]) => boolean } = {},
): Promise<SpanRecord[]> {
  const { quietMs = 1500, timeoutMs = 15_000, minSpans = 1, until } = opts;
  const deadline = Date.now() + timeoutMs;
  let spans: SpanRecord[] = [];
  let changedAt = Date.now();
  for (;;) {
    const now = openSpanStore(stateDir).find(id);
    if (now.length !== spans.length) changedAt = Date.now();
    spans = now;
    const ready = spans.length >= minSpans && (!until || until(spans));
    if ((ready && Date.now() - changedAt >= quietMs) || Date.now() >= deadline) return spans;
    await sleep(250);
  }
}
