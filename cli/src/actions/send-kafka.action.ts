import { PlatformError, usageError } from '../errors.js';
import { intOption, jsonErrorPosition, parseHeaders, parseJson, readFileArg, readStdin, stdinHasData } from '../input/arguments.js';
import { createKafka, explainKafkaError, resolveBrokers } from '../transports/kafka/client.js';
import type { Producer } from 'kafkajs';
import {
  openProducer,
  parseAcks,
  produceLoad,
  requestReply,
  sendBatch,
  partitionerFor,
  type ProduceMessage,
} from '../transports/kafka/produce.js';
import { colors } from '../ui/colors.js';
import { printJson, progress } from '../ui/output.js';
import { CliSpan } from '../telemetry/cli-trace.js';
import { showSettledTrace } from './trace.action.js';
import { projectPaths } from '../stack/project.js';
import { requestStep, saveRequest } from '../demo/saved-requests.js';
import { saved } from './send-saved.action.js';

interface Opts {
  key?: string;
  header?: string[];
  partition?: string;
  count?: string;
  rate?: string;
  acks?: string;
  reply?: boolean;
  timeout?: string;
  brokers?: string;
  trace?: boolean;
  json?: boolean;
  save?: string;
}

/** Up to this many messages are listed one by one; more get a summary line. */
const LIST_LIMIT = 100;

export async function sendKafkaAction(topic: string, valueArg: string | undefined, opts: Opts): Promise<void> {
  const headers = parseHeaders(opts.header);
  const partition = intOption(opts.partition, '--partition', { min: 0 });
  const count = intOption(opts.count, '--count');
  const rate = intOption(opts.rate, '--rate');
  const timeoutMs = intOption(opts.timeout, '--timeout', { fallback: 10_000 })!;
  const acks = parseAcks(opts.acks);
  const values = await readValues(valueArg);
  const total = count ?? values.length;
  if (opts.trace && (opts.reply || rate || total > LIST_LIMIT))
    throw usageError(
      `--trace follows up to ${LIST_LIMIT} messages sent at once: drop --reply and --rate`,
      'platform send kafka <topic> <value> --trace',
    );
  const span = opts.trace
    ? new CliSpan(`${topic} send`, 'producer', {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.operation.type': 'send',
        'messaging.batch.message_count': total,
      })
    : undefined;
  if (span) headers.traceparent = span.traceparent;
  const templated = (s: string, i: number) => (s.includes('{{i}}') ? s.replaceAll('{{i}}', String(i)) : s);
  checkJsonLooking(templated(values[0], 0), 'value');
  // Values and keys without {{i}} are encoded once and shared: kafkajs writes a Buffer as it is,
  // where a string would be encoded again for every message.
  const once = (s: string) => (s.includes('{{i}}') ? undefined : Buffer.from(s));
  const encodedValues = values.map(once);
  const encodedKey = opts.key === undefined ? undefined : once(opts.key);
  const keyAt = (i: number) => (opts.key === undefined ? null : templated(opts.key, i));
  const make = (i: number): ProduceMessage => ({
    key: encodedKey ?? keyAt(i),
    value: encodedValues[i % values.length] ?? templated(values[i % values.length], i),
    headers,
    partition,
  });
  if (opts.save) {
    if (total !== 1 || opts.reply) throw usageError('--save keeps one message: drop --count/--reply and pass a single value');
    saved(
      saveRequest(projectPaths().root, opts.save, requestStep({ kafka: { topic, key: opts.key, value: values[0], headers, partition } })),
    );
  }
  const brokers = await resolveBrokers(opts.brokers);

  if (opts.reply) {
    if (total !== 1) throw usageError('--reply sends one request: drop --count and pass a single value');
    const reply = await requestReply(topic, templated(values[0], 0), {
      brokers,
      key: opts.key,
      headers,
      timeoutMs,
      acks,
      onNote: (s) => process.stderr.write(colors.dim(s + '\n')),
    });
    if (reply.error !== undefined) {
      if (opts.json) printJson({ error: reply.error });
      const { remoteError } = await import('./send-tcp.action.js');
      const e = remoteError(reply.error);
      throw new PlatformError(`error reply on ${topic}.reply: ${e.message}`, e.exitCode, e.hint);
    }
    return printJson(reply.value ?? null);
  }

  let producer: Producer | undefined;
  try {
    const opened = await openProducer(createKafka(brokers), topic);
    producer = opened.producer;
    const { partitions } = opened;
    if (partition !== undefined && !partitions.some((p) => p.partitionId === partition)) {
      throw usageError(`--partition ${partition}: ${topic} has partitions 0-${partitions.length - 1}`);
    }
    if (total <= LIST_LIMIT && !rate) {
      const pick = partitionerFor(partitions);
      const batch = Array.from({ length: total }, (_, i) => {
        const m = make(i);
        return { ...m, partition: pick(topic, m) };
      });
      const delivered = await sendBatch(producer, topic, batch, acks);
      if (span) {
        span.end();
        const listed = delivered.map((d, i) => ({ topic, ...d, key: keyAt(i) }));
        if (!opts.json) process.stdout.write(listed.map((d) => `${topic} [${d.partition}] @ ${d.offset}`).join('\n') + '\n');
        return await showSettledTrace(span, opts, { delivered: listed });
      }
      if (opts.json)
        printJson(total === 1 ? { topic, ...delivered[0], key: keyAt(0) } : delivered.map((d, i) => ({ topic, ...d, key: keyAt(i) })));
      else
        process.stdout.write(
          delivered.map((d, i) => `${topic} [${d.partition}] @ ${d.offset}${keyAt(i) ? colors.dim(` key ${keyAt(i)}`) : ''}`).join('\n') +
            '\n',
        );
      return;
    }
    const bar = progress(!opts.json);
    bar.step(`producing ${total} messages to ${topic}`);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const result = await produceLoad(producer, topic, total, make, {
      acks,
      rate,
      partitions,
      signal: ac.signal,
      onProgress: (sent) => bar.update(`producing ${sent}/${total} messages to ${topic}`),
    }).finally(() => process.off('SIGINT', onSigint));
    bar.done();
    if (opts.json) return printJson({ topic, ...result });
    const parts = Object.entries(result.partitions)
      .map(([p, n]) => `[${p}] ${n}`)
      .join(', ');
    process.stdout.write(
      `${result.messages} messages to ${topic} in ${(result.elapsedMs / 1000).toFixed(2)} s: ${colors.bold(String(result.rate))} msg/s, ${(result.bytes / 1048576).toFixed(1)} MiB` +
        `\npartitions ${parts}` +
        (result.first && result.last && acks !== 0
          ? colors.dim(
              `\nfirst [${result.first.partition}] @ ${result.first.offset}, last [${result.last.partition}] @ ${result.last.offset}`,
            )
          : '') +
        '\n',
    );
  } catch (e) {
    throw explainKafkaError(e, brokers);
  } finally {
    await producer?.disconnect().catch(() => {});
  }
}

/** Values: the argument; `@file` (one JSON document, else one message per line); `-` or piped stdin (one per line). */
async function readValues(arg: string | undefined): Promise<string[]> {
  const lines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (arg === '-' || arg === '@-' || (arg === undefined && stdinHasData())) {
    const text = await readStdin('value');
    const out = lines(text);
    if (!out.length) throw usageError('no messages on stdin (it was empty)', 'pipe one message per line, or pass the value as an argument');
    return out;
  }
  if (arg === undefined)
    throw usageError('missing message value', 'pass it as an argument, as @file, or pipe one message per line into stdin');
  if (arg.startsWith('@')) {
    const text = readFileArg(arg.slice(1), 'value');
    const t = text.trim();
    if ((t.startsWith('{') || t.startsWith('[')) && jsonErrorPosition(t) === undefined) return [JSON.stringify(JSON.parse(t))];
    const out = lines(text);
    if (!out.length) throw usageError(`${arg.slice(1)} is empty`);
    return out;
  }
  return [arg];
}

/** A value that starts like JSON but is not JSON is almost always a quoting mistake: say where it breaks. */
function checkJsonLooking(value: string | null, where: string) {
  const t = value?.trim() ?? '';
  if ((t.startsWith('{') || t.startsWith('[')) && jsonErrorPosition(t) !== undefined) parseJson(t, where);
}
