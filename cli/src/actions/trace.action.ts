import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { spanSource, renderSummaries, renderWaterfall, summarize, type SpanRecord } from '../telemetry/index.js';
import { printJson, printTable } from '../ui/output.js';
import { colors } from '../ui/colors.js';
import type { CliSpan } from '../telemetry/cli-trace.js';

export interface TraceOptions {
  last?: string | boolean;
  json?: boolean;
}

export async function traceAction(id: string | undefined, opts: TraceOptions): Promise<void> {
  const store = await spanSource(projectPaths().stateDir);
  if (id === undefined || opts.last !== undefined) {
    if (id !== undefined) throw usageError('give either a trace id or --last, not both', 'platform trace <id>, or platform trace --last 5');
    const n = opts.last === undefined || opts.last === true ? 10 : Number(opts.last);
    if (!Number.isInteger(n) || n <= 0) throw usageError(`--last must be a positive number, got "${opts.last}"`, 'platform trace --last 5');
    const traces = await store.recent(n);
    if (opts.json) return printJson(traces);
    if (!traces.length) return void process.stdout.write('no traces recorded yet: start the stack (platform up) and send a request\n');
    return printTable(['trace', 'time', 'root', 'duration', 'spans', 'errors', 'services'], renderSummaries(traces));
  }
  const spans = await store.find(id);
  if (!spans.length) {
    const newest = (await store.recent(5)).map((t) => `  ${t.traceId}  ${t.root.service} ${t.root.name}`);
    throw usageError(
      `no trace with id or correlation id "${id}"`,
      newest.length
        ? `the newest traces are:\n${newest.join('\n')}\n(platform trace --last lists more)`
        : 'no traces recorded yet: start the stack (platform up) and send a request',
    );
  }
  if (opts.json) return printJson({ ...summarize(spans), spans });
  printTraceWaterfall(spans);
}

/** A trace's header line and waterfall (also what `send --trace` and the demo step print). */
export function printTraceWaterfall(spans: SpanRecord[]): void {
  const t = summarize(spans);
  const errors = t.errors ? colors.red(`, ${t.errors} error${t.errors > 1 ? 's' : ''}`) : '';
  process.stdout.write(
    `${colors.bold(`trace ${t.traceId}`)}  ${t.spans} spans, ${t.services.length} services, ${t.durationMs.toFixed(1)} ms${errors}${t.correlationId ? colors.dim(`  correlation ${t.correlationId}`) : ''}\n`,
  );
  process.stdout.write(renderWaterfall(spans) + '\n');
}

/** `send ... --trace`: waits for the trace to settle and prints it (with the reply in --json). */
export async function showSettledTrace(span: CliSpan, opts: { json?: boolean }, extra: Record<string, unknown> = {}): Promise<void> {
  const spans = await span.settle(projectPaths().stateDir);
  if (opts.json) return printJson({ ...extra, trace: { ...summarize(spans), spans } });
  printTraceWaterfall(spans);
}
