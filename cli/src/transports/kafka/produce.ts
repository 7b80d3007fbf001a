/**
 * Producing to Kafka, for `platform send kafka` and in-process callers (the scenario runner).
 *
 *   produce(topic, messages, { brokers?, acks? }): Promise<Delivered[]>
 *       messages: ProduceMessage[] ({ key?, value, headers?, partition? }); each gets partition + offset.
 *   produceLoad(producer, topic, count, make(i), { acks, rate?, batchSize?, partitions, onProgress? })
 *       batched, pipelined sends for `--count` / `--rate`; returns a LoadResult summary. make(i)
 *       must return a new object each call (its partition is set on it); values and keys may be
 *       shared Buffers, which kafkajs writes without re-encoding.
 *   requestReply(topic, value, { brokers?, key?, headers?, timeoutMs? }): Promise<Reply>
 *       a NestJS Kafka request/reply (kafka_correlationId, kafka_replyTopic `<topic>.reply`,
 *       kafka_replyPartition), resolving with the reply's value (parsed JSON) and headers.
 *   parseAcks(text): -1 | 0 | 1
 */
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type Producer, type PartitionMetadata } from 'kafkajs';
import { failedError, usageError } from '../../errors.js';
import { createKafka, decodeHeaders, explainKafkaError, resolveBrokers, within } from './client.js';
import { ensureTopics, requireTopics } from './admin.js';

export interface ProduceMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  partition?: number;
}

export interface Delivered {
  partition: number;
  offset: string;
}

export function parseAcks(text: string | number | undefined): -1 | 0 | 1 {
  const t = String(text ?? 'all').toLowerCase();
  if (t === 'all' || t === '-1') return -1;
  if (t === '1' || t === '0') return Number(t) as 0 | 1;
  throw usageError(`--acks must be all, -1, 1 or 0; got "${text}"`);
}

/**
 * The partition kafkajs' default (Java-compatible) partitioner would pick: decided here so offsets
 * map to messages. Keyed messages hash with its murmur2; keyless ones go round-robin over the
 * partitions that have a leader, as it does, without its per-message array filtering.
 */
export function partitionerFor(partitions: PartitionMetadata[]) {
  const pick = Partitioners.DefaultPartitioner();
  const available = partitions.filter((p) => p.leader >= 0).map((p) => p.partitionId);
  let counter = Math.floor(Math.random() * 0x7fffffff);
  return (topic: string, m: ProduceMessage): number => {
    if (m.partition !== undefined && m.partition !== null) return m.partition;
    if ((m.key === null || m.key === undefined) && available.length) return available[(++counter & 0x7fffffff) % available.length];
    return pick({ topic, partitionMetadata: partitions, message: m as never });
  };
}

/** Sends one batch and maps Kafka's per-partition base offsets back onto each message. */
export async function sendBatch(
  producer: Producer,
  topic: string,
  messages: (ProduceMessage & { partition: number })[],
  acks: -1 | 0 | 1,
): Promise<Delivered[]> {
  const meta = await producer.send({ topic, acks, messages: messages as never });
  if (acks === 0) return messages.map((m) => ({ partition: m.partition, offset: '-1' }));
  const base = new Map(meta.map((r) => [r.partition, BigInt(r.baseOffset ?? '-1')]));
  const seen = new Map<number, bigint>();
  return messages.map((m) => {
    const k = seen.get(m.partition) ?? 0n;
    seen.set(m.partition, k + 1n);
    const b = base.get(m.partition);
    return { partition: m.partition, offset: b === undefined || b < 0n ? '-1' : String(b + k) };
  });
}

/** A connected producer for one existing topic (unknown topics are a usage error), with its partitions. */
export async function openProducer(kafka: Kafka, topic: string): Promise<{ producer: Producer; partitions: PartitionMetadata[] }> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const admin = kafka.admin();
  try {
    await Promise.all([producer.connect(), admin.connect()]);
    await requireTopics(admin, [topic]);
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    return { producer, partitions: meta.partitions };
  } catch (e) {
    await producer.disconnect().catch(() => {});
    throw e;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function produce(
  topic: string,
  messages: ProduceMessage[],
  opts: { brokers?: string[]; acks?: -1 | 0 | 1; kafka?: Kafka } = {},
): Promise<Delivered[]> {
  const brokers = opts.brokers ?? (await resolveBrokers());
  let producer: Producer | undefined;
  try {
    const opened = await openProducer(opts.kafka ?? createKafka(brokers), topic);
    producer = opened.producer;
    const pick = partitionerFor(opened.partitions);
    return await sendBatch(
      producer,
      topic,
      messages.map((m) => ({ ...m, partition: pick(topic, m) })),
      opts.acks ?? -1,
    );
  } catch (e) {
    throw explainKafkaError(e, brokers);
  } finally {
    await producer?.disconnect().catch(() => {});
  }
}

export interface LoadResult {
  messages: number;
  elapsedMs: number;
  rate: number;
  bytes: number;
  partitions: Record<number, number>;
  first?: Delivered;
  last?: Delivered;
}

/**
 * `count` messages made by `make(i)`, sent in batches with a few batches in flight (kafkajs is
 * fast when batched: one produce request carries thousands of messages). `rate` paces batches.
 */
export async function produceLoad(
  producer: Producer,
  topic: string,
  count: number,
  make: (i: number) => ProduceMessage,
  opts: {
    acks: -1 | 0 | 1;
    partitions: PartitionMetadata[];
    rate?: number;
    batchSize?: number;
    batchBytes?: number;
    inFlight?: number;
    onProgress?: (sent: number) => void;
    signal?: AbortSignal;
  },
): Promise<LoadResult> {
  const pick = partitionerFor(opts.partitions);
  // Batches are bounded in count and bytes: a partition's record batch must stay under the
  // broker's message.max.bytes (1 MiB by default), and kafkajs measured fastest here around 500 KB.
  // The count bound stays moderate because kafkajs groups a send's messages per partition by
  // copying arrays (quadratic in messages per partition).
  const batchSize = opts.rate ? Math.max(1, Math.min(opts.batchSize ?? 1000, Math.ceil(opts.rate / 20))) : (opts.batchSize ?? 1000);
  const batchBytes = opts.batchBytes ?? 512 * 1024;
  const inFlight = opts.rate ? 1 : (opts.inFlight ?? 2);
  const started = performance.now();
  const perPartition: Record<number, number> = {};
  let bytes = 0;
  let next = 0;
  let sent = 0;
  let first: Delivered | undefined;
  let last: Delivered | undefined;
  const worker = async () => {
    while (next < count && !opts.signal?.aborted) {
      const from = next;
      if (opts.rate) {
        const due = started + (from / opts.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const batch: (ProduceMessage & { partition: number })[] = [];
      let size = 0;
      while (next < count && batch.length < batchSize && size < batchBytes) {
        // make(i) returns a fresh message object: it is given its partition in place (no copy).
        const m = make(next++) as ProduceMessage & { partition: number };
        m.partition = pick(topic, m);
        perPartition[m.partition] = (perPartition[m.partition] ?? 0) + 1;
        const valueBytes = m.value === null ? 0 : typeof m.value === 'string' ? Buffer.byteLength(m.value) : m.value.length;
        size += valueBytes + (m.key ? m.key.length : 0);
        bytes += valueBytes;
        batch.push(m);
      }
      const to = next;
      const delivered = await sendBatch(producer, topic, batch, opts.acks);
      if (from === 0) first = delivered[0];
      if (to === count) last = delivered[delivered.length - 1];
      sent += batch.length;
      opts.onProgress?.(sent);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsedMs = performance.now() - started;
  return {
    messages: sent,
    elapsedMs: Math.round(elapsedMs),
    rate: Math.round((sent / elapsedMs) * 1000),
    bytes,
    partitions: perPartition,
    first,
    last,
  };
}

export interface Reply {
  value: unknown;
  raw: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  error?: unknown;
}

export const REPLY_HEADERS = {
  correlationId: 'kafka_correlationId',
  replyTopic: 'kafka_replyTopic',
  replyPartition: 'kafka_replyPartition',
  error: 'kafka_nest-err',
  disposed: 'kafka_nest-is-disposed',
} as const;

/**
 * NestJS Kafka request/reply. A throwaway consumer group reads `<topic>.reply` (created when
 * missing), the request names partition 0 of it, and the group is deleted afterwards.
 */
export async function requestReply(
  topic: string,
  value: string | null,
  opts: {
    brokers?: string[];
    key?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
    acks?: -1 | 0 | 1;
    kafka?: Kafka;
    onNote?: (s: string) => void;
  } = {},
): Promise<Reply> {
  const brokers = opts.brokers ?? (await resolveBrokers());
  const kafka = opts.kafka ?? createKafka(brokers);
  const replyTopic = `${topic}.reply`;
  const groupId = `platform-reply-${randomUUID()}`;
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, retry: { retries: 2 } });
  const correlationId = randomUUID();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  try {
    await Promise.all([admin.connect(), producer.connect()]);
    await requireTopics(admin, [topic]);
    if ((await ensureTopics(admin, [[replyTopic, 1]])).length) opts.onNote?.(`created reply topic ${replyTopic}`);
    await consumer.connect();
    await consumer.subscribe({ topics: [replyTopic], fromBeginning: false });
    const high = await admin.fetchTopicOffsets(replyTopic);
    let resolveReply!: (r: Reply) => void;
    const got = new Promise<Reply>((r) => (resolveReply = r));
    let latest: Reply | undefined;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        const headers = decodeHeaders(message.headers as Record<string, unknown>);
        if (headers[REPLY_HEADERS.correlationId] !== correlationId) return;
        const raw = message.value ? message.value.toString('utf8') : null;
        let parsed: unknown = raw;
        try {
          parsed = raw === null ? null : JSON.parse(raw);
        } catch {
          /* not JSON: keep the text */
        }
        latest = { value: parsed, raw, headers, partition, offset: message.offset };
        if (headers[REPLY_HEADERS.error] !== undefined) {
          let err: unknown = headers[REPLY_HEADERS.error];
          try {
            err = JSON.parse(String(err));
          } catch {
            /* plain text error */
          }
          latest.error = err;
        }
        if (latest.error !== undefined || headers[REPLY_HEADERS.disposed] !== undefined) resolveReply(latest);
      },
    });
    // Read from where the reply topic ended before the request, so a fast reply is never missed.
    for (const p of high) consumer.seek({ topic: replyTopic, partition: p.partition, offset: p.offset });
    await producer.send({
      topic,
      acks: opts.acks ?? -1,
      messages: [
        {
          key: opts.key ?? null,
          value,
          headers: {
            ...opts.headers,
            [REPLY_HEADERS.correlationId]: correlationId,
            [REPLY_HEADERS.replyTopic]: replyTopic,
            [REPLY_HEADERS.replyPartition]: '0',
          },
        },
      ],
    });
    return await within(got, timeoutMs, () =>
      failedError(
        `no reply on ${replyTopic} within ${timeoutMs} ms`,
        'is a service handling this topic with @MessagePattern over Kafka? (`platform status`, `platform logs`)',
      ),
    );
  } catch (e) {
    throw explainKafkaError(e, brokers);
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
