import { spanSource, renderWaterfall, summarize, type SpanRecord } from '../../../telemetry/index.js';
import { formatMs } from '../../duration.js';
import { described, shellQuote, sleep } from '../../format.js';
import { partialMatch } from '../../match.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from './matcher.js';

/** A trace (by trace id or correlation id) that holds spans matching each entry (partial match on the span). */
export interface TraceExpectation {
  id: string;
  spans?: Record<string, unknown>[];
  errors?: number;
}

/** Which expected spans the trace does not (yet) hold. */
export function missingSpans(expected: TraceExpectation, spans: SpanRecord[]): Record<string, unknown>[] {
  return (expected.spans ?? []).filter((want) => !spans.some((s) => partialMatch(want, s).length === 0));
}

/** `expect: { trace }`: polls the span store until the trace holds every expected span; shows its waterfall. */
export const trace: Matcher<TraceExpectation> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    description: 'the trace of a request (docs/tracing.md): it exists and holds a span matching each entry of spans; shown as a waterfall',
    properties: {
      id: { type: 'string', description: 'a trace id (32 hex digits) or a correlation id' },
      spans: {
        type: 'array',
        items: {
          type: 'object',
          description:
            'partial match on a span: service, name, kind (server, client, producer, consumer, internal), status (ok, error, unset), attributes',
        },
      },
      errors: { type: 'integer', minimum: 0, description: 'exactly this many spans with status error' },
    },
  },
  async run(expected, { env, end, within }) {
    let spans: SpanRecord[] = [];
    const source = await spanSource(env.paths.stateDir);
    for (;;) {
      spans = await source.find(expected.id);
      const errors = spans.filter((s) => s.status === 'error').length;
      if (spans.length && !missingSpans(expected, spans).length && (expected.errors === undefined || errors === expected.errors)) break;
      if (Date.now() > end) {
        if (!spans.length)
          throw new StepFailure(
            `no trace for "${expected.id}" within ${formatMs(within)}`,
            '  is the stack tracing? (OTEL_SDK_DISABLED unset, `platform trace --last` lists what arrived)',
          );
        const missing = missingSpans(expected, spans);
        const why = missing.length
          ? `${missing.length} expected span(s) missing: ${missing.map((m) => JSON.stringify(m)).join(', ')}`
          : `expected ${expected.errors} error span(s), found ${errors}`;
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
  },
  view: (expected) => ({
    title: `expect the trace of ${expected.id}`,
    command: `platform trace ${shellQuote(expected.id)}`,
    check: `a trace${expected.spans?.length ? ` with spans matching ${expected.spans.map((x) => described(x)).join(', ')}` : ''}${expected.errors !== undefined ? `, ${expected.errors} error span(s)` : ''}`,
  }),
};
