/**
 * Reading topics fast (eachBatch, big fetches, one write per batch) for `platform tail`, and one
 * message by its offset for `platform replay`.
 *
 *   consume({ kafka, brokers, topics, fromBeginning?, groupId?, max?, filters?, exitAtEnd?, onBatch, signal? })
 *       : Promise<{ count }>   throwaway group by default (no commits, deleted on exit)
 *   parseFilter('key=abc' | 'header.event-type=x' | 'value.status=captured' | 'partition=2'): Filter
 *   matchesAll(msg, filters): boolean / formatMessage(msg, format): string
 */
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { failedError, usageError } from '../../errors.js';
import { colors } from '../../ui/colors.js';
import { createKafka, decodeHeaders, explainKafkaError, resolveBrokers, within } from './client.js';
import { requireTopics } from './admin.js';
import type { TailMessage } from './message.js';

export type { TailMessage } from './message.js';

export type Filter =
  | { on: 'key'; expected: string; negate: boolean }
  | { on: 'partition'; expected: string; negate: boolean }
  | { on: 'header'; name: string; expected: string; negate: boolean }
  | { on: 'value'; path: string[]; expected: string; negate: boolean };

export type Format = 'pretty' | 'json' | 'raw';

/** `key=abc`, `header.event-type=payment.captured`, `value.status=captured` (dots walk into JSON), `!=` negates. */
export function parseFilter(spec: string): Filter {
  const m = /^([^=!]+?)(!?=)(.*)$/s.exec(spec);
  if (!m)
    throw usageError(
      `invalid filter "${spec}": expected key=..., header.<name>=..., value.<path>=... or partition=...`,
      'e.g. --filter value.status=captured',
    );
  const [, lhs, op, expected] = m;
  const negate = op === '!=';
  if (lhs === 'key') return { on: 'key', expected, negate };
  if (lhs === 'partition') return { on: 'partition', expected, negate };
  if (lhs.startsWith('header.') && lhs.length > 7) return { on: 'header', name: lhs.slice(7), expected, negate };
  if (lhs === 'value') return { on: 'value', path: [], expected, negate };
  if (lhs.startsWith('value.') && lhs.length > 6) return { on: 'value', path: lhs.slice(6).split('.'), expected, negate };
  throw usageError(
    `invalid filter "${spec}": "${lhs}" is not key, partition, header.<name> or value.<path>`,
    'e.g. --filter header.event-type=payment.captured',
  );
}

const asText = (v: unknown) => (v === undefined ? undefined : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function matchesAll(msg: TailMessage, filters: Filter[], parsed?: { value?: unknown }): boolean {
  for (const f of filters) {
    let actual: string | undefined;
    if (f.on === 'key') actual = msg.key ?? undefined;
    else if (f.on === 'partition') actual = String(msg.partition);
    else if (f.on === 'header') actual = msg.headers[f.name];
    else {
      if (!f.path.length) actual = msg.value ?? undefined;
      else {
        let v: unknown;
        if (parsed && 'value' in parsed) v = parsed.value;
        else {
          try {
            v = msg.value === null ? undefined : JSON.parse(msg.value);
          } catch {
            v = undefined;
          }
          if (parsed) parsed.value = v;
        }
        for (const k of f.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
        actual = asText(v);
      }
    }
    if ((actual === f.expected) === f.negate) return false;
  }
  return true;
}

export function toTailMessage(topic: string, partition: number, m: KafkaMessage): TailMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key ? m.key.toString('utf8') : null,
    headers: decodeHeaders(m.headers as Record<string, unknown>),
    value: m.value ? m.value.toString('utf8') : null,
  };
}

/** The JSON form: value parsed when it is JSON (so `jq .value.status` works), timestamp as ISO text. */
export function jsonForm(msg: TailMessage): Record<string, unknown> {
  let value: unknown = msg.value;
  const c = msg.value?.[0];
  if (c === '{' || c === '[') {
    try {
      value = JSON.parse(msg.value!);
    } catch {
      /* keep the text */
    }
  }
  return {
    topic: msg.topic,
    partition: msg.partition,
    offset: msg.offset,
    timestamp: new Date(Number(msg.timestamp)).toISOString(),
    key: msg.key,
    headers: msg.headers,
    value,
  };
}

export function formatMessage(msg: TailMessage, format: Format): string {
  if (format === 'raw') return msg.value ?? '';
  if (format === 'json') return JSON.stringify(jsonForm(msg));
  const head = `${colors.cyan(msg.topic)} ${colors.dim(`[${msg.partition}] @ ${msg.offset}`)}  ${colors.dim(new Date(Number(msg.timestamp)).toISOString())}  key ${msg.key === null ? colors.dim('null') : colors.bold(msg.key)}`;
  const hs = Object.entries(msg.headers)
    .map(([k, v]) => `  ${colors.dim(k + ':')} ${v}`)
    .join('\n');
  let body = msg.value ?? colors.dim('null');
  const c = msg.value?.[0];
  if (c === '{' || c === '[') {
    try {
      body = JSON.stringify(JSON.parse(msg.value!), null, 2);
    } catch {
      /* not JSON: as it is */
    }
  }
  return `${head}${hs ? '\n' + hs : ''}\n${body}\n`;
}

export interface ConsumeOptions {
  kafka: Kafka;
  brokers: string[];
  topics: string[];
  fromBeginning?: boolean;
  /** A real group commits offsets as it goes; without one a throwaway group commits nothing and is deleted. */
  groupId?: string;
  max?: number;
  filters?: Filter[];
  /** Stop once every partition reached the end it had when consuming started (like `kcat -e`). */
  exitAtEnd?: boolean;
  /** Called with the batch's matching messages, in order. Raw batches skip decoding when there are no filters. */
  onMessages: (msgs: TailMessage[]) => void | Promise<void>;
  /** Fast path for `--format raw` without filters: the values, newline-terminated, in one buffer. */
  onRaw?: (chunk: Buffer, n: number) => void | Promise<void>;
  signal?: AbortSignal;
  /**
   * Called once the consumer has joined and made its first fetch after that: its position is then
   * set, so every message produced from now on is read. (On the join itself, a new group's "latest"
   * is not resolved yet: a message sent right then could be skipped.)
   */
  onReady?: () => void;
}

export async function consume(opts: ConsumeOptions): Promise<{ count: number; groupId: string; reachedEnd: boolean }> {
  const throwaway = !opts.groupId;
  const groupId = opts.groupId ?? `platform-tail-${randomUUID()}`;
  const admin = opts.kafka.admin();
  const consumer = opts.kafka.consumer({
    groupId,
    // A reader never creates topics: a tail of a deleted topic would bring it back otherwise.
    allowAutoTopicCreation: false,
    // Big, but not huge: kafkajs buffers a whole fetch response before decoding it, and measured
    // here 1 MiB per partition read 50k x 1 KB about 40% faster than 16 MiB.
    maxBytes: 10 * 1024 * 1024,
    maxBytesPerPartition: 1024 * 1024,
    minBytes: 1,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    retry: { retries: 3 },
  });
  let count = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  let stopped = false;
  const stop = () => {
    stopped = true;
    done();
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  let reachedEnd = false;
  // The consumer's connection is made while the admin checks the topics (one round trip less).
  const connecting = consumer.connect();
  connecting.catch(() => undefined);
  try {
    await admin.connect();
    await requireTopics(admin, opts.topics);
    // End offsets at the start, for --exit: a partition is done when its next offset reaches them.
    const remaining = new Map<string, bigint>();
    if (opts.exitAtEnd) {
      for (const topic of opts.topics) {
        const offsets = await admin.fetchTopicOffsets(topic);
        const committed = opts.fromBeginning || throwaway ? undefined : await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const o of offsets) {
          const c = committed?.[0]?.partitions.find((p) => p.partition === o.partition)?.offset;
          const start = opts.fromBeginning ? BigInt(o.low) : c && c !== '-1' ? BigInt(c) : BigInt(o.high);
          if (start < BigInt(o.high)) remaining.set(`${topic}:${o.partition}`, BigInt(o.high));
        }
      }
      if (!remaining.size) {
        reachedEnd = true;
        return { count, groupId, reachedEnd };
      }
    }
    const filters = opts.filters ?? [];
    const max = opts.max ?? Infinity;
    await connecting;
    await consumer.subscribe({ topics: opts.topics, fromBeginning: Boolean(opts.fromBeginning) });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    const removeFetchListener = consumer.on(consumer.events.FETCH, () => {
      if (!joined) return;
      removeFetchListener();
      opts.onReady?.();
    });
    await consumer.run({
      autoCommit: !throwaway,
      partitionsConsumedConcurrently: 1,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (stopped) return;
        const { topic, partition, messages } = batch;
        if (!messages.length) return;
        const room = max - count;
        if (opts.onRaw && !filters.length) {
          const n = Math.min(room, messages.length);
          const parts: Buffer[] = new Array(n * 2);
          const nl = Buffer.from('\n');
          for (let i = 0; i < n; i++) {
            parts[2 * i] = messages[i].value ?? Buffer.alloc(0);
            parts[2 * i + 1] = nl;
          }
          count += n;
          await opts.onRaw(Buffer.concat(parts), n);
        } else {
          const out: TailMessage[] = [];
          for (const m of messages) {
            if (out.length >= room) break;
            const msg = toTailMessage(topic, partition, m);
            if (!filters.length || matchesAll(msg, filters, {})) out.push(msg);
          }
          count += out.length;
          if (out.length) await opts.onMessages(out);
        }
        if (count >= max) return stop();
        if (remaining.size) {
          const key = `${topic}:${partition}`;
          const end = remaining.get(key);
          if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) {
            remaining.delete(key);
            if (!remaining.size) {
              reachedEnd = true;
              stop();
            }
          }
        }
      },
    });
    await finished;
    return { count, groupId, reachedEnd };
  } catch (e) {
    throw explainKafkaError(e, opts.brokers);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await connecting.catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    if (throwaway) await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The message at `partition:offset` of a topic (for `platform replay` and the dashboard's resend).
 * Exit 2 when the topic, partition or offset does not exist (with the range that does).
 */
export async function readMessageAt(
  topic: string,
  partition: number,
  offset: string,
  opts: { brokers?: string[]; kafka?: Kafka; timeoutMs?: number } = {},
): Promise<TailMessage> {
  const brokers = opts.brokers ?? (await resolveBrokers());
  const kafka = opts.kafka ?? createKafka(brokers);
  const admin = kafka.admin();
  const groupId = `platform-tail-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, retry: { retries: 2 }, allowAutoTopicCreation: false });
  try {
    await admin.connect();
    await requireTopics(admin, [topic]);
    const range = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === partition);
    if (!range) throw usageError(`${topic} has no partition ${partition}`);
    if (!/^\d+$/.test(offset) || BigInt(offset) < BigInt(range.low) || BigInt(offset) >= BigInt(range.high)) {
      throw usageError(
        `${topic} partition ${partition} has no offset ${offset}`,
        BigInt(range.high) > BigInt(range.low) ? `offsets ${range.low}..${BigInt(range.high) - 1n} exist` : 'the partition is empty',
      );
    }
    let found!: (m: TailMessage) => void;
    const got = new Promise<TailMessage>((r) => (found = r));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition: p, message }) => {
        if (p === partition && BigInt(message.offset) >= BigInt(offset)) found(toTailMessage(topic, p, message));
      },
    });
    consumer.seek({ topic, partition, offset });
    const ms = opts.timeoutMs ?? 10_000;
    return await within(got, ms, () => failedError(`could not read ${topic} ${partition}:${offset} within ${ms} ms`));
  } catch (e) {
    throw explainKafkaError(e, brokers);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
