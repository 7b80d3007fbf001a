import { openSpanStore, renderWaterfall, summarize, type SpanRecord } from '../telemetry/index.js';
import { formatMs } from './duration.js';
import { partialMatch } from './match.js';
import type { StepContext, StepOutcome } from './run-step.js';
import { StepFailure } from './run-step.js';
import type { TraceExpectation } from './types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Which expected spans the trace does not (yet) hold. */
export function missingSpans(t: TraceExpectation, spans: SpanRecord[]): Record<string, unknown>[] {
  return (t.spans ?? []).filter((want) => !spans.some((s) => partialMatch(want, s).length === 0));
}

/** `expect: { trace: ... }`: polls the span store until the trace holds every expected span; shows its waterfall. */
export async function expectTrace(t: TraceExpectation, ctx: StepContext, end: number, within: number): Promise<StepOutcome> {
  const stateDir = ctx.env.paths.stateDir;
  let spans: SpanRecord[] = [];
  for (;;) {
    spans = openSpanStore(stateDir).find(t.id);
    const errors = spans.filter((s) => s.status === 'error').length;
    if (spans.length && !missingSpans(t, spans).length && (t.errors === undefined || errors === t.errors)) break;
    if (Date.now() > end) {
      if (!spans.length) throw new StepFailure(`no trace for "${t.id}" within ${formatMs(within)}`, '  is the stack tracing? (OTEL_SDK_DISABLED unset, `platform trace --last` lists what arrived)');
      const missing = missingSpans(t, spans);
      const why = missing.length ? `${missing.length} expected span(s) missing: ${missing.map((m) => JSON.stringify(m)).join(', ')}` : `expected ${t.errors} error span(s), found ${errors}`;
      throw new StepFailure(`trace ${spans[0].traceId} does not match within ${formatMs(within)}: ${why}`, renderWaterfall(spans));
    }
    await sleep(250);
  }
  const s = summarize(spans);
  return {
    summary: `trace ${s.traceId}: ${s.spans} spans across ${s.services.join(', ')}, ${s.durationMs.toFixed(1)} ms`,
    short: `trace of ${s.spans} spans`,
    detail: renderWaterfall(spans),
    showDetail: true,
    data: { ...s, spans },
  };
}
