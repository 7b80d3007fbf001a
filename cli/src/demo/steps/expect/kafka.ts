import { renderTable } from '../../../ui/output.js';
import { formatMs } from '../../duration.js';
import { compact, described, plural, shellQuote, sleep } from '../../format.js';
import type { SeenMessage } from '../../kafka-watch.js';
import { partialMatch, renderDiff, type Mismatch } from '../../match.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from './matcher.js';

export interface KafkaExpectation {
  topic: string;
  key?: string;
  value?: unknown;
  headers?: Record<string, unknown>;
  count?: number;
}

/** `expect: { kafka }`: a message on a topic (or exactly `count` of them) since the scenario started. */
export const kafka: Matcher<KafkaExpectation> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['topic'],
    properties: {
      topic: { type: 'string' },
      key: { type: 'string' },
      value: { description: 'partial match on the JSON value' },
      headers: { type: 'object' },
      count: {
        type: 'integer',
        minimum: 0,
        description: 'exactly this many matching messages (checked once more after a short settle time)',
      },
    },
  },
  async run(expected, { env, within, end, settleMs, poll }) {
    if (!env.watch.watching.includes(expected.topic)) await env.watch.start([...env.watch.watching, expected.topic]);
    const matches = () => env.watch.messages(expected.topic).filter((m) => messageMismatches(expected, m).length === 0);
    const want = expected.count ?? 1;
    const failNone = () => {
      const seen = env.watch.messages(expected.topic);
      if (expected.count !== undefined)
        return new StepFailure(
          `expected exactly ${expected.count} matching message(s) on ${expected.topic}, saw ${matches().length} within ${formatMs(within)}`,
          renderMessages(matches()),
        );
      const nearest = seen.map((m) => ({ m, diff: messageMismatches(expected, m) })).sort((a, b) => a.diff.length - b.diff.length)[0];
      return new StepFailure(
        `no message on ${expected.topic} matched within ${formatMs(within)} (${seen.length} arrived since the scenario started)`,
        nearest
          ? `  nearest (partition ${nearest.m.partition}, offset ${nearest.m.offset}):\n${renderDiff(nearest.diff, { key: nearest.m.key, value: nearest.m.value, headers: nearest.m.headers })}`
          : '  no message at all on this topic',
      );
    };
    for (;;) {
      if (matches().length >= want && want > 0) break;
      if (want === 0 && (await env.watch.caughtUp(expected.topic))) break;
      if (Date.now() > end) throw failNone();
      await env.watch.next(Math.min(250, Math.max(0, end - Date.now())));
    }
    if (expected.count !== undefined) {
      // "Exactly n": give duplicates a moment to show up, and read to the end of the topic.
      await sleep(settleMs);
      await poll(
        async () => ((await env.watch.caughtUp(expected.topic)) ? true : undefined),
        () => new StepFailure(`could not read ${expected.topic} to its end within ${formatMs(within)}`),
      );
      const n = matches().length;
      if (n !== expected.count)
        throw new StepFailure(
          `expected exactly ${expected.count} matching message(s) on ${expected.topic}, found ${n}`,
          renderMessages(matches()),
        );
    }
    const found = matches();
    const first = found[0];
    if (!first)
      return {
        summary: `no matching message on ${expected.topic}, as expected`,
        detail: renderMessages(found),
        data: { messages: [], count: 0 },
      };
    return {
      summary: `${found.length > 1 ? `${found.length} messages, first ` : ''}${expected.topic}[${first.partition}]@${first.offset}${first.key ? ` key=${first.key}` : ''} ${compact(first.value, 80)}`,
      short: `${plural(found.length, 'message')} on ${expected.topic}`,
      detail: renderMessages(found),
      data: { ...first, messages: found, count: found.length },
    };
  },
  view(expected) {
    const what = expected.count === undefined ? 'a message' : `exactly ${plural(expected.count, 'message')}`;
    return {
      title: `expect ${what} on ${expected.topic}`,
      command: `platform tail ${expected.topic} --from-beginning${expected.key ? ` --filter ${shellQuote(`key=${expected.key}`)}` : ''}`,
      check: `${what} on ${expected.topic}${expected.key ? ` with key ${expected.key}` : ''}${expected.value !== undefined ? ` whose value matches ${described(expected.value)}` : ''}${expected.headers ? ` and headers ${described(expected.headers)}` : ''}`,
    };
  },
};

function messageMismatches(expected: KafkaExpectation, m: SeenMessage): Mismatch[] {
  const out: Mismatch[] = [];
  if (expected.key !== undefined && expected.key !== m.key) out.push({ path: 'key', expected: expected.key, actual: m.key });
  if (expected.value !== undefined) out.push(...partialMatch(expected.value, m.value, 'value'));
  if (expected.headers) out.push(...partialMatch(expected.headers, m.headers, 'headers'));
  return out;
}

function renderMessages(messages: SeenMessage[]): string {
  if (!messages.length) return '';
  return renderTable(
    ['partition', 'offset', 'key', 'value'],
    messages.slice(0, 12).map((m) => [m.partition, m.offset, m.key ?? '-', compact(m.value, 70)]),
  );
}
