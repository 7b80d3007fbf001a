import { usageError } from '../../errors.js';
import type { TailMessage } from '../../transports/kafka/tail.js';
import type { Request, Routes } from '../router.js';
import { openStream } from '../sse.js';

/** What the page gets of a message: values cut to a preview so a 1 MB message costs the page 8 KB. */
const PREVIEW_CHARS = 8192;
/** At most this many messages per flush: a topic at 1,000 msg/s shows the newest and counts the rest. */
const FLUSH_MAX = 100;
const FLUSH_EVERY_MS = 250;
const CHECK_EVERY_MS = 3000;

export function preview(m: TailMessage) {
  const size = m.value === null ? 0 : Buffer.byteLength(m.value);
  const truncated = m.value !== null && m.value.length > PREVIEW_CHARS;
  return { ...m, value: truncated ? m.value!.slice(0, PREVIEW_CHARS) : m.value, size, truncated };
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || !v) throw usageError(`${what} is required`);
  return v;
};

function headersOf(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw usageError('headers must be a JSON object of strings, like {"event-type":"payment.captured"}');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw usageError(`header "${k}" must be a string, got ${JSON.stringify(x)}`);
    out[k] = x;
  }
  return out;
}

/**
 * A live tail of one topic over SSE, with the CLI's `--filter` syntax (key=, header.x=, value.a.b=).
 * Messages are batched and capped per flush; the topic and the broker are re-checked every few
 * seconds so a deleted topic or a stopped broker shows as such instead of a silent page.
 */
async function liveTail({ req, res, url, ctx }: Request) {
  const stream = openStream(req, res);
  const topic = url.searchParams.get('topic') ?? '';
  const { consume, parseFilter } = await import('../../transports/kafka/tail.js');
  let pending: TailMessage[] = [];
  let skipped = 0;
  const flush = setInterval(() => {
    if (!pending.length && !skipped) return;
    const batch = pending.slice(-FLUSH_MAX);
    skipped += pending.length - batch.length;
    stream.send('messages', { messages: batch.map(preview), skipped });
    pending = [];
    skipped = 0;
  }, FLUSH_EVERY_MS);
  let ready = false;
  const check = setInterval(() => {
    void ctx
      .admin((a) => a.listTopics())
      .then(
        (topics) => {
          if (topics.includes(topic)) {
            // Back from "unreachable"; not "tailing" before the consumer is positioned (onReady).
            if (ready) stream.send('status', { state: 'tailing' });
            return;
          }
          stream.send('failed', { error: `topic ${topic} no longer exists` });
          res.end();
        },
        (e) => stream.send('status', { state: 'unreachable', error: (e as Error).message }),
      );
  }, CHECK_EVERY_MS);
  try {
    const filters = url.searchParams.getAll('filter').filter(Boolean).map(parseFilter);
    await consume({
      kafka: await ctx.kafka(),
      brokers: ctx.state().kafkaBrokers,
      topics: [str(topic, 'topic')],
      fromBeginning: url.searchParams.get('from') === 'beginning',
      filters,
      signal: stream.signal,
      onReady: () => {
        ready = true;
        stream.send('status', { state: 'tailing' });
      },
      onMessages: (msgs) => {
        pending.push(...msgs);
        // Keep only what a flush can show: memory stays flat whatever the rate.
        if (pending.length > 4 * FLUSH_MAX) {
          skipped += pending.length - FLUSH_MAX;
          pending = pending.slice(-FLUSH_MAX);
        }
      },
    });
  } catch (e) {
    stream.send('failed', { error: (e as Error).message, hint: (e as { hint?: string }).hint });
    res.end();
  } finally {
    clearInterval(flush);
    clearInterval(check);
  }
}

export const kafkaRoutes: Routes = {
  'GET /api/kafka/topics': async ({ ctx }) => {
    const { listTopics } = await import('../../transports/kafka/admin.js');
    return ctx.admin((a) => listTopics(a));
  },
  'GET /api/kafka/topics/:name': async ({ ctx, params }) => {
    const { describeTopic } = await import('../../transports/kafka/admin.js');
    return ctx.admin((a) => describeTopic(a, params.name));
  },
  'GET /api/kafka/groups': async ({ ctx }) => {
    const { listGroups } = await import('../../transports/kafka/admin.js');
    return ctx.admin((a) => listGroups(a));
  },
  'GET /api/kafka/groups/:id': async ({ ctx, params }) => {
    const { describeGroup } = await import('../../transports/kafka/admin.js');
    return ctx.admin((a) => describeGroup(a, params.id));
  },
  'POST /api/kafka/groups/reset': async ({ ctx, body }) => {
    const b = await body();
    const { resetGroupOffsets } = await import('../../transports/kafka/admin.js');
    const to = b.to === 'earliest' || b.to === 'latest' ? b.to : { time: Date.parse(String(b.to)) };
    if (typeof to === 'object' && Number.isNaN(to.time)) throw usageError(`reset to "${b.to}": expected earliest, latest or a date-time`);
    return ctx.admin((a) => resetGroupOffsets(a, str(b.groupId, 'groupId'), str(b.topic, 'topic'), to));
  },
  'GET /api/kafka/message': async ({ ctx, url }) => {
    const { readMessageAt } = await import('../../transports/kafka/tail.js');
    const q = url.searchParams;
    return readMessageAt(str(q.get('topic'), 'topic'), Number(q.get('partition')), str(q.get('offset'), 'offset'), {
      kafka: await ctx.kafka(),
      brokers: ctx.state().kafkaBrokers,
    });
  },
  'POST /api/kafka/produce': async ({ ctx, body }) => {
    const b = await body();
    const { produce } = await import('../../transports/kafka/produce.js');
    const partition = b.partition === undefined || b.partition === null || b.partition === '' ? undefined : Number(b.partition);
    if (partition !== undefined && !Number.isInteger(partition))
      throw usageError(`partition must be a number, got ${JSON.stringify(b.partition)}`);
    const value = b.value === null ? null : typeof b.value === 'string' ? b.value : JSON.stringify(b.value);
    const [delivered] = await produce(
      str(b.topic, 'topic'),
      [{ key: typeof b.key === 'string' && b.key ? b.key : null, value, headers: headersOf(b.headers), partition }],
      { kafka: await ctx.kafka(), brokers: ctx.state().kafkaBrokers },
    );
    return { topic: b.topic, ...delivered };
  },
  'GET /api/live/tail': liveTail,
};
