import { setTimeout as sleep } from 'node:timers/promises';
import { liveState } from '../stack/live.js';
import { control } from '../supervisor/client.js';
import { spansFile } from './receiver.js';
import { SpanStore, spanCapacity } from './span-store.js';
import type { SpanRecord, TraceSummary } from './span.js';

/** The stack's span store as its file holds it now (readable with the stack up or down). */
export function openSpanStore(stateDir: string): SpanStore {
  return SpanStore.load(spansFile(stateDir), spanCapacity());
}

/** Where `platform trace`, `send --trace` and scenario steps read spans. */
export interface SpanSource {
  find(id: string): Promise<SpanRecord[]>;
  recent(n: number): Promise<TraceSummary[]>;
}

/**
 * The running stack's receiver, asked through the supervisor's control API (its store is in
 * memory), or the span file when the stack is down or runs without a receiver. Reading the file
 * means parsing up to two capacities of spans: fine once, too slow to poll.
 */
export async function spanSource(stateDir: string): Promise<SpanSource> {
  const state = await liveState(stateDir);
  const file = () => openSpanStore(stateDir);
  const ask = async <T>(path: string): Promise<T | undefined> => {
    if (!state) return undefined;
    return (await control(state, 'GET', path, undefined, 10_000).catch(() => undefined)) as T | undefined;
  };
  return {
    find: async (id) => (await ask<{ spans: SpanRecord[] }>(`/traces/${encodeURIComponent(id)}`))?.spans ?? file().find(id),
    recent: async (n) => (await ask<{ traces: TraceSummary[] }>(`/traces?last=${n}`))?.traces ?? file().recent(n),
  };
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
  const source = await spanSource(stateDir);
  const deadline = Date.now() + timeoutMs;
  let spans: SpanRecord[] = [];
  let changedAt = Date.now();
  for (;;) {
    const now = await source.find(id);
    if (now.length !== spans.length) changedAt = Date.now();
    spans = now;
    const ready = spans.length >= minSpans && (!until || until(spans));
    if ((ready && Date.now() - changedAt >= quietMs) || Date.now() >= deadline) return spans;
    await sleep(250);
  }
}
