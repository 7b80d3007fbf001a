import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CORRELATION_ATTRIBUTE, type SpanRecord, type TraceSummary } from './span.js';

/** How many spans the stack keeps (docs/tracing.md); PLATFORM_TRACE_CAPACITY changes it. */
export const DEFAULT_SPAN_CAPACITY = 20_000;

export function spanCapacity(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PLATFORM_TRACE_CAPACITY);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_SPAN_CAPACITY;
}

/** The file's previous segment: `spans.ndjson` rotates to `spans.1.ndjson`. */
export const previousSegment = (file: string) => file.replace(/\.ndjson$/, '') + '.1.ndjson';

/**
 * The bounded span store: traces in memory, in the order they were first seen, and the same spans
 * appended to an NDJSON file so they survive a restart. Over capacity, the oldest traces are dropped
 * whole (a waterfall with holes helps nobody). The file rotates like a log: once it holds `capacity`
 * spans it becomes the previous segment (replacing the one before), so the two hold between one and
 * two capacities of the newest spans, and nothing is ever serialised twice.
 */
export class SpanStore {
  private readonly traces = new Map<string, SpanRecord[]>();
  private readonly correlations = new Map<string, string[]>();
  private count = 0;
  private fileLines = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly capacity = DEFAULT_SPAN_CAPACITY,
    private readonly file?: string,
  ) {}

  /** The store as its segments left it (a half-written last line is skipped). No file: empty store. */
  static load(file: string, capacity = DEFAULT_SPAN_CAPACITY): SpanStore {
    const store = new SpanStore(capacity, file);
    for (const segment of [previousSegment(file), file]) {
      if (!existsSync(segment)) continue;
      const spans: SpanRecord[] = [];
      for (const line of readFileSync(segment, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          spans.push(JSON.parse(line) as SpanRecord);
        } catch {
          /* a line being written right now */
        }
      }
      store.index(spans);
      // Appends go to the current segment: its count decides when it rotates.
      if (segment === file) store.fileLines = spans.length;
    }
    return store;
  }

  get size(): number {
    return this.count;
  }

  /** Called after every add (the dashboard's live trace list); returns the unsubscribe. */
  onAdd(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(spans: SpanRecord[]): void {
    if (!spans.length) return;
    this.index(spans);
    for (const listener of this.listeners) listener();
    if (!this.file) return;
    if (this.fileLines >= this.capacity) this.rotate(this.file);
    const lines = spans.map((s) => JSON.stringify(s)).join('\n') + '\n';
    try {
      appendFileSync(this.file, lines);
    } catch (e) {
      // The folder went away (or never was): make it once, not before every append.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, lines);
    }
    this.fileLines += spans.length;
  }

  /**
   * The current segment becomes the previous one. The segment it replaces is renamed aside and
   * deleted in the background: freeing megabytes inside a rename blocked the receiver for ~100 ms.
   */
  private rotate(file: string) {
    this.fileLines = 0;
    if (!existsSync(file)) return;
    const previous = previousSegment(file);
    const discarded = `${previous}.${process.pid}.${Date.now()}.old`;
    if (existsSync(previous)) renameSync(previous, discarded);
    renameSync(file, previous);
    void rm(discarded, { force: true }).catch(() => undefined);
  }

  /** A trace's spans, earliest first; empty when unknown. */
  trace(traceId: string): SpanRecord[] {
    return [...(this.traces.get(traceId.toLowerCase()) ?? [])].sort((a, b) => a.start - b.start);
  }

  /** Trace ids whose spans carry this correlation id, newest first. */
  traceIdsFor(correlationId: string): string[] {
    return [...(this.correlations.get(correlationId) ?? [])].reverse();
  }

  /** A trace by its id, or the newest trace of a correlation id. */
  find(id: string): SpanRecord[] {
    const direct = this.trace(id);
    if (direct.length) return direct;
    const [newest] = this.traceIdsFor(id);
    return newest ? this.trace(newest) : [];
  }

  /** The newest traces first (by their earliest span). */
  recent(n: number): TraceSummary[] {
    return [...this.traces.values()]
      .map(summarize)
      .sort((a, b) => b.start - a.start)
      .slice(0, n);
  }

  private index(spans: SpanRecord[]) {
    for (const span of spans) {
      let list = this.traces.get(span.traceId);
      if (!list) this.traces.set(span.traceId, (list = []));
      list.push(span);
      this.count++;
      const cid = span.attributes[CORRELATION_ATTRIBUTE];
      if (typeof cid === 'string') {
        const ids = this.correlations.get(cid) ?? [];
        if (!ids.includes(span.traceId)) this.correlations.set(cid, [...ids, span.traceId]);
      }
    }
    for (const [traceId, list] of this.traces) {
      if (this.count <= this.capacity) break;
      this.traces.delete(traceId);
      this.count -= list.length;
      for (const cid of new Set(list.map((s) => s.attributes[CORRELATION_ATTRIBUTE]))) {
        if (typeof cid !== 'string') continue;
        const rest = (this.correlations.get(cid) ?? []).filter((t) => t !== traceId);
        if (rest.length) this.correlations.set(cid, rest);
        else this.correlations.delete(cid);
      }
    }
  }
}

export function summarize(spans: SpanRecord[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const root = sorted.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? sorted[0];
  const start = sorted[0].start;
  const end = Math.max(...spans.map((s) => s.start + s.durationMs));
  const correlationId = spans.map((s) => s.attributes[CORRELATION_ATTRIBUTE]).find((c) => typeof c === 'string') as string | undefined;
  return {
    traceId: root.traceId,
    root: { service: root.service, name: root.name },
    start,
    durationMs: Math.round((end - start) * 1000) / 1000,
    spans: spans.length,
    errors: spans.filter((s) => s.status === 'error').length,
    services: [...new Set(sorted.map((s) => s.service))],
    ...(correlationId ? { correlationId } : {}),
  };
}
