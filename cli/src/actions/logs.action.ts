import { createReadStream, existsSync, readdirSync, statSync, watch } from 'node:fs';
import { basename, join } from 'node:path';
import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { readLastLines } from '../stack/log-tail.js';
import { colorFor, colors } from '../ui/colors.js';

export interface LogsOptions {
  follow?: boolean;
  tail?: string;
  since?: string;
  json?: boolean;
}

/** Parses `--since`: a duration (30s, 5m, 2h, 1d) or an ISO date. */
export function parseSince(value: string, now = Date.now()): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(value);
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw usageError(
      `--since "${value}" is neither a duration nor a date`,
      'use e.g. --since 5m, --since 2h or --since 2026-01-31T10:00:00Z',
    );
  return t;
}

/** Parses `--tail`: a whole number of lines, or `all` (undefined). */
export function parseTail(value: string | undefined): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  if (!/^\d+$/.test(value)) throw usageError(`--tail "${value}" is not a number of lines`, 'use e.g. --tail 50, or --tail all');
  return Number(value);
}

interface Line {
  source: string;
  time: number;
  text: string;
}

/** When a plain line was written: a leading ISO time (supervisor, markers) or Kafka's `[yyyy-mm-dd hh:mm:ss,SSS]`. */
export function plainLineTime(raw: string): number | undefined {
  const iso = /^(?:--- platform: .* at )?(\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(raw);
  if (iso) return Date.parse(iso[1]);
  const kafka = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})\]/.exec(raw);
  if (kafka) return Date.parse(`${kafka[1]}T${kafka[2]}.${kafka[3]}Z`);
  const marker = / at (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(raw);
  return marker && raw.startsWith('--- platform:') ? Date.parse(marker[1]) : undefined;
}

/** A log line for humans: JSON lines from services become `level message {extras}`. */
export function formatLine(raw: string): { time?: number; text: string } {
  if (!raw.startsWith('{')) return { time: plainLineTime(raw), text: raw };
  try {
    const { time, level, msg, service: _service, context, correlationId, traceId, spanId: _spanId, ...rest } = JSON.parse(raw);
    const levelColor = level === 'error' || level === 'fatal' ? colors.red : level === 'warn' ? colors.yellow : colors.dim;
    const extras = Object.keys(rest).length ? ' ' + colors.dim(JSON.stringify(rest)) : '';
    const cid = (correlationId ? colors.dim(` cid=${correlationId}`) : '') + (traceId ? colors.dim(` trace=${traceId}`) : '');
    return {
      time: time ? Date.parse(time) : undefined,
      text: `${levelColor(String(level ?? 'info').padEnd(5))} ${context ? colors.dim(`[${context}] `) : ''}${msg ?? ''}${cid}${extras}`,
    };
  } catch {
    return { text: raw };
  }
}

/**
 * One file's lines with the time each is merged at. A line without a time of its own (a stack
 * trace, say) belongs with the line before it; the ones at the very start (a `--tail` that began
 * mid-trace) take the first time that follows, not 0, which sorted them before every other file.
 */
export function timedLines(history: string): { time: number; text: string }[] {
  const lines = history
    .split('\n')
    .filter(Boolean)
    .map((text) => ({ time: formatLine(text).time, text }));
  let last = lines.find((l) => l.time !== undefined)?.time ?? 0;
  return lines.map(({ time, text }) => {
    last = time ?? last;
    return { time: last, text };
  });
}

export async function logsAction(service: string | undefined, opts: LogsOptions): Promise<void> {
  const paths = projectPaths();
  if (!existsSync(paths.logsDir)) throw usageError('there are no logs yet', 'start the stack with `platform up`');
  const files = readdirSync(paths.logsDir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(paths.logsDir, f));
  const source = (f: string) => basename(f, '.log');
  const chosen = service ? files.filter((f) => source(f) === service || source(f).startsWith(`${service}-`)) : files;
  if (!chosen.length) {
    throw usageError(`no logs for "${service}"`, `logs exist for: ${files.map(source).sort().join(', ')}`);
  }
  const since = opts.since ? parseSince(opts.since) : undefined;
  const tail = parseTail(opts.tail);
  const width = Math.max(...chosen.map((f) => source(f).length));
  const print = (l: Line) => {
    if (opts.json) return process.stdout.write(JSON.stringify({ source: l.source, line: l.text }) + '\n');
    const { text } = formatLine(l.text);
    process.stdout.write(`${colorFor(l.source)(l.source.padEnd(width))} ${colors.dim('|')} ${text}\n`);
  };

  // History: every file's lines, merged by time where lines carry one.
  const lines: Line[] = [];
  for (const file of chosen) {
    const history = tail === undefined ? await readAll(file) : tail === 0 ? '' : readLastLines(file, tail);
    for (const { time, text } of timedLines(history)) {
      if (since === undefined || time >= since) lines.push({ source: source(file), time, text });
    }
  }
  lines.sort((a, b) => a.time - b.time);
  lines.forEach(print);
  if (!opts.follow) return;

  // Follow: print what each file gains from here on, until Ctrl-C.
  const offsets = new Map(chosen.map((f) => [f, statSync(f).size]));
  const drain = async (file: string) => {
    const start = offsets.get(file) ?? 0;
    const size = statSync(file).size;
    if (size < start) offsets.set(file, 0); // truncated
    if (size <= start) return;
    offsets.set(file, size);
    const chunk = await readAll(file, start, size - 1);
    for (const text of chunk.split('\n')) if (text) print({ source: source(file), time: Date.now(), text });
  };
  const watchers = chosen.map((f) => watch(f, () => void drain(f)));
  const poll = setInterval(() => chosen.forEach((f) => void drain(f)), 1000);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  clearInterval(poll);
  watchers.forEach((w) => w.close());
}

function readAll(file: string, start?: number, end?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    createReadStream(file, { encoding: 'utf8', start, end })
      .on('data', (c) => (out += c))
      .on('end', () => resolve(out))
      .on('error', reject);
  });
}
