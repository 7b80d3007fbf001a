/**
 * The merged logs of the stack for the dashboard: every `.platform/logs/*.log` file, followed as it
 * grows (new files too: a scaled instance writes its own), parsed into entries, kept in a bounded
 * ring so memory stays flat however long the stack runs.
 *
 *   parseLogLine(source, raw): LogEntry                 JSON lines (nest-kit) or plain text
 *   matches(entry, filter): boolean
 *   new LogFeed(logsDir).recent(filter, n) / .subscribe(fn) -> unsubscribe
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { plainLineTime } from '../actions/logs.action.js';
import type { LogEntry, LogFilter } from './log-entry.js';

export type { LogEntry, LogFilter } from './log-entry.js';

const RING = 20_000;
/** A first read takes at most this much of the end of each file (older history is on disk). */
const BACKLOG_BYTES = 2 * 1024 * 1024;

export function parseLogLine(source: string, raw: string, seq = 0): LogEntry {
  if (raw.startsWith('{')) {
    try {
      const { time, level, msg, service: _s, context, correlationId, traceId, trace_id, ...extra } = JSON.parse(raw);
      return {
        seq,
        source,
        time: time ? Date.parse(time) : Date.now(),
        level: String(level ?? 'info'),
        msg: typeof msg === 'string' ? msg : JSON.stringify(msg ?? ''),
        ...(correlationId ? { correlationId: String(correlationId) } : {}),
        ...(traceId || trace_id ? { traceId: String(traceId ?? trace_id) } : {}),
        ...(context ? { context: String(context) } : {}),
        ...(Object.keys(extra).length ? { extra } : {}),
      };
    } catch {
      /* not JSON after all: plain text */
    }
  }
  const level = /\b(ERROR|FATAL)\b/.test(raw) ? 'error' : /\bWARN(ING)?\b/.test(raw) ? 'warn' : 'info';
  return { seq, source, time: plainLineTime(raw) ?? Date.now(), level, msg: raw };
}

export function matches(e: LogEntry, f: LogFilter): boolean {
  if (f.sources?.length && !f.sources.includes(e.source) && !f.sources.includes(e.source.replace(/-\d+$/, ''))) return false;
  if (f.levels?.length && !f.levels.includes(e.level)) return false;
  if (f.correlationId && e.correlationId !== f.correlationId) return false;
  if (f.traceId && e.traceId !== f.traceId) return false;
  if (f.text) {
    const t = f.text.toLowerCase();
    if (!e.msg.toLowerCase().includes(t) && !(e.extra && JSON.stringify(e.extra).toLowerCase().includes(t))) return false;
  }
  return true;
}

export class LogFeed {
  private readonly ring: LogEntry[] = [];
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private readonly listeners = new Set<(e: LogEntry[]) => void>();
  private seq = 0;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(private readonly logsDir: string) {}

  /** Starts following on first use; stops when nobody listens (no work for an unwatched page). */
  private ensure() {
    if (this.timer) return;
    this.drainAll();
    try {
      this.watcher = watch(this.logsDir, () => this.drainAll());
    } catch {
      /* no logs folder yet: the poll below picks it up */
    }
    // fs.watch misses appends on some file systems; a slow poll is the safety net.
    this.timer = setInterval(() => this.drainAll(), 1000);
  }

  private stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.watcher?.close();
  }

  recent(filter: LogFilter, n: number): LogEntry[] {
    this.ensure();
    const out: LogEntry[] = [];
    for (let i = this.ring.length - 1; i >= 0 && out.length < n; i--) if (matches(this.ring[i], filter)) out.push(this.ring[i]);
    if (!this.listeners.size) this.stop();
    return out.reverse();
  }

  sources(): string[] {
    if (!existsSync(this.logsDir)) return [];
    return readdirSync(this.logsDir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => basename(f, '.log'))
      .sort();
  }

  subscribe(fn: (e: LogEntry[]) => void): () => void {
    this.ensure();
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
      if (!this.listeners.size) this.stop();
    };
  }

  private drainAll() {
    const fresh: LogEntry[] = [];
    for (const source of this.sources()) fresh.push(...this.drain(source));
    if (!fresh.length) return;
    fresh.sort((a, b) => a.time - b.time);
    for (const e of fresh) {
      e.seq = ++this.seq;
      this.ring.push(e);
    }
    if (this.ring.length > RING) this.ring.splice(0, this.ring.length - RING);
    for (const fn of this.listeners) fn(fresh);
  }

  private drain(source: string): LogEntry[] {
    const file = join(this.logsDir, `${source}.log`);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return [];
    }
    let from = this.offsets.get(source) ?? Math.max(0, size - BACKLOG_BYTES);
    if (size < from) from = 0; // truncated or replaced
    if (size === from) return [];
    const buf = Buffer.alloc(size - from);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buf, 0, buf.length, from);
    } finally {
      closeSync(fd);
    }
    const first = !this.offsets.has(source);
    this.offsets.set(source, size);
    const text = (this.partial.get(source) ?? '') + buf.toString('utf8');
    const lines = text.split('\n');
    this.partial.set(source, lines.pop() ?? '');
    if (first && from > 0) lines.shift(); // the first line of a backlog read is cut
    let last = 0;
    return lines.filter(Boolean).map((raw) => {
      const e = parseLogLine(source, raw);
      // A line without a time of its own (a stack trace) belongs with the line before it.
      if (!raw.startsWith('{') && plainLineTime(raw) === undefined && last) e.time = last;
      last = e.time;
      return e;
    });
  }
}
