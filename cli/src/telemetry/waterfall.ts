import { colors, colorFor } from '../ui/colors.js';
import type { AttributeValue, SpanRecord, TraceSummary } from './span.js';

/** A span with its depth in the tree, in waterfall order (parents before children, siblings by start). */
export interface WaterfallRow {
  span: SpanRecord;
  depth: number;
  offsetMs: number;
}

export function waterfallRows(spans: SpanRecord[]): WaterfallRow[] {
  if (!spans.length) return [];
  const byId = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | undefined, SpanRecord[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && byId.has(s.parentSpanId) ? s.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const t0 = Math.min(...spans.map((s) => s.start));
  const rows: WaterfallRow[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.start - b.start)) {
      rows.push({ span: s, depth, offsetMs: s.start - t0 });
      visit(s.spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

/** What a span did, in a few words: the span name plus the semantic-convention attributes that say where. */
export function operationOf(span: SpanRecord): string {
  const a = span.attributes;
  const str = (...keys: string[]) => keys.map((k) => a[k]).find((v): v is AttributeValue => v !== undefined && v !== '');
  const details: string[] = [];
  const collection = str('db.collection.name', 'db.mongodb.collection');
  if (str('db.system', 'db.system.name') && collection && !span.name.includes(String(collection))) details.push(String(collection));
  const partition = str('messaging.destination.partition.id', 'messaging.kafka.destination.partition', 'messaging.kafka.partition');
  if (partition !== undefined) details.push(`partition ${partition}`);
  const status = str('http.response.status_code', 'http.status_code');
  if (status !== undefined) details.push(String(status));
  return [span.name, ...details].join(' ');
}

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

/** The terminal waterfall: one line per span (service, operation, start offset, duration, a bar), errors in red. */
export function renderWaterfall(spans: SpanRecord[], width = 28): string {
  const rows = waterfallRows(spans);
  if (!rows.length) return '';
  const total = Math.max(...rows.map((r) => r.offsetMs + r.span.durationMs)) || 1;
  const serviceWidth = Math.max(7, ...rows.map((r) => r.span.service.length));
  const opWidth = Math.min(60, Math.max(9, ...rows.map((r) => 2 * r.depth + operationOf(r.span).length + r.span.kind.length + 3)));
  const lines = [
    colors.bold(
      `${'offset'.padStart(9)}  ${'duration'.padStart(9)}  ${'service'.padEnd(serviceWidth)}  ${'operation'.padEnd(opWidth)}  timeline`,
    ),
  ];
  for (const { span, depth, offsetMs } of rows) {
    const from = Math.floor((offsetMs / total) * width);
    const len = Math.max(1, Math.round((span.durationMs / total) * width));
    const bar = ' '.repeat(Math.min(from, width - 1)) + '█'.repeat(Math.min(len, width - Math.min(from, width - 1)));
    const op = `${'  '.repeat(depth)}${operationOf(span)} ${colors.dim(`(${span.kind})`)}`;
    const opPlain = `${'  '.repeat(depth)}${operationOf(span)} (${span.kind})`;
    const padded = op + ' '.repeat(Math.max(0, opWidth - opPlain.length));
    const error = span.status === 'error';
    const line = `${`+${ms(offsetMs)}`.padStart(9)}  ${ms(span.durationMs).padStart(9)}  ${colorFor(span.service)(span.service.padEnd(serviceWidth))}  ${padded}  ${error ? colors.red(bar) : colors.cyan(bar)}`;
    lines.push(error ? `${colors.red(line)}${span.statusMessage ? colors.red(`  ${span.statusMessage}`) : ''}` : line);
  }
  return lines.join('\n');
}

/** `platform trace --last`: one line per trace. */
export function renderSummaries(traces: TraceSummary[]): string[][] {
  return traces.map((t) => [
    t.traceId,
    new Date(t.start).toISOString().slice(11, 23),
    `${t.root.service} ${t.root.name}`,
    ms(t.durationMs),
    String(t.spans),
    t.errors ? colors.red(String(t.errors)) : '0',
    t.services.join(', '),
  ]);
}
