import { renderTable } from '../../../ui/output.js';
import { formatMs } from '../../duration.js';
import { compact, described, plural, shellQuote, sleep } from '../../format.js';
import type { SeenMessage } from '../../kafka-watch.js';
import { partialMatch, renderDiff, type Mismatch } from '../../match.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from '../expect.js';

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
      count: { type: 'integer', minimum: 0, description: 'exactly this many matching messages (checked once more after a short settle time)' },
    },
  },
  async run(k, { env, within, end, settleMs, poll }) {
    if (!env.watch.watching.includes(k.topic)) await env.watch.start([...env.watch.watching, k.topic]);
    const matches = () => env.watch.messages(k.topic).filter((m) => messageMismatches(k, m).length === 0);
    const want = k.count ?? 1;
    const failNone = () => {
      const seen = env.watch.messages(k.topic);
      if (k.count !== undefined) return new StepFailure(`expected exactly ${k.count} matching message(s) on ${k.topic}, saw ${matches().length} within ${formatMs(within)}`, renderMessages(matches()));
      const nearest = seen.map((m) => ({ m, diff: messageMismatches(k, m) })).sort((a, b) => a.diff.length - b.diff.length)[0];
      return new StepFailure(
        `no message on ${k.topic} matched within ${formatMs(within)} (${seen.length} arrived since the scenario started)`,
        nearest ? `  nearest (partition ${nearest.m.partition}, offset ${nearest.m.offset}):\n${renderDiff(nearest.diff, { key: nearest.m.key, value: nearest.m.value, headers: nearest.m.headers })}` : '  no message at all on this topic',
      );
    };
    for (;;) {
      if (matches().length >= want && want > 0) break;
      if (want === 0 && (await env.watch.caughtUp(k.topic))) break;
      if (Date.now() > end) throw failNone();
      await env.watch.next(Math.min(250, Math.max(0, end - Date.now())));
    }
    if (k.count !== undefined) {
      // "Exactly n": give duplicates a moment to show up, and read to the end of the topic.
      await sleep(settleMs);
      await poll(async () => ((await env.watch.caughtUp(k.topic)) ? true : undefined), () => new StepFailure(`could not read ${k.topic} to its end within ${formatMs(within)}`));
      const n = matches().length;
      if (n !== k.count) throw new StepFailure(`expected exactly ${k.count} matching message(s) on ${k.topic}, found ${n}`, renderMessages(matches()));
    }
    const found = matches();
    const first = found[0];
    if (!first) return { summary: `no matching message on ${k.topic}, as expected`, detail: renderMessages(found), data: { messages: [], count: 0 } };
    return {
      summary: `${found.length > 1 ? `${found.length} messages, first ` : ''}${k.topic}[${first.partition}]@${first.offset}${first.key ? ` key=${first.key}` : ''} ${compact(first.value, 80)}`,
      short: `${plural(found.length, 'message')} on ${k.topic}`,
      detail: renderMessages(found),
      data: { ...first, messages: found, count: found.length },
    };
  },
  view(k) {
    const what = k.count === undefined ? 'a message' : `exactly ${plural(k.count, 'message')}`;
    return {
      title: `expect ${what} on ${k.topic}`,
      command: `platform tail ${k.topic} --from-beginning${k.key ? ` --filter ${shellQuote(`key=${k.key}`)}` : ''}`,
      check: `${what} on ${k.topic}${k.key ? ` with key ${k.key}` : ''}${k.value !== undefined ? ` whose value matches ${described(k.value)}` : ''}${k.headers ? ` and headers ${described(k.headers)}` : ''}`,
    };
  },
};

function messageMismatches(k: KafkaExpectation, m: SeenMessage): Mismatch[] {
  const out: Mismatch[] = [];
  if (k.key !== undefined && k.key !== m.key) out.push({ path: 'key', expected: k.key, actual: m.key });
  if (k.value !== undefined) out.push(...partialMatch(k.value, m.value, 'value'));
  if (k.headers) out.push(...partialMatch(k.headers, m.headers, 'headers'));
  return out;
}

function renderMessages(messages: SeenMessage[]): string {
  if (!messages.length) return '';
  return renderTable(['partition', 'offset', 'key', 'value'], messages.slice(0, 12).map((m) => [m.partition, m.offset, m.key ?? '-', compact(m.value, 70)]));
}
