/**
 * The one place a kafkajs client is built: brokers from the running stack or --brokers, kafkajs'
 * own logging off (errors surface as exceptions we explain), timeouts from a named profile.
 * (The services build theirs in packages/nest-kit, which the CLI does not import; both apply
 * @platform/kafkajs-fix, or an idle `platform tail` spins a 1 ms timer per broker connection.)
 *
 *   resolveBrokers(flag?): Promise<string[]>      --brokers, else the running stack's state.kafkaBrokers
 *   createKafka(brokers, clientId?, profile?): Kafka
 *   explainKafkaError(e, brokers): unknown         connection failures -> unreachableError (exit 3)
 */
import { Kafka, logLevel } from 'kafkajs';
import { fixKafkajsTimerLoop } from '@platform/kafkajs-fix';
import { failedError, unreachableError, usageError } from '../../errors.js';
import { liveState } from '../../stack/live.js';
import { projectPaths } from '../../stack/project.js';

export interface KafkaTimeouts {
  connectionTimeout: number;
  requestTimeout: number;
  retries: number;
}

/**
 * probe: readiness, where "no answer" is an answer; cli: a command, which may wait for a broker that
 * is still electing; glance: the lag column of `status` and the dashboard's admin panels, which must
 * not hold up the rest of the page; dashboard: the dashboard's live tail and sends.
 */
export const KAFKA_PROFILES = {
  probe: { connectionTimeout: 2000, requestTimeout: 2000, retries: 0 },
  cli: { connectionTimeout: 3000, requestTimeout: 30_000, retries: 3 },
  glance: { connectionTimeout: 1000, requestTimeout: 30_000, retries: 0 },
  dashboard: { connectionTimeout: 1500, requestTimeout: 30_000, retries: 1 },
  // The supervisor creating a service's topics: a busy broker takes seconds to elect their leaders.
  setup: { connectionTimeout: 3000, requestTimeout: 30_000, retries: 8 },
} satisfies Record<string, KafkaTimeouts>;

export type KafkaProfile = keyof typeof KAFKA_PROFILES | KafkaTimeouts;

export async function resolveBrokers(flag?: string, stateDir?: string): Promise<string[]> {
  if (flag) {
    const list = flag
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    const bad = list.find((b) => !/^[^:\s]+:\d+$/.test(b));
    if (!list.length || bad)
      throw usageError(`--brokers: "${bad ?? flag}" is not host:port`, 'e.g. --brokers 127.0.0.1:9092,127.0.0.1:9093');
    return list;
  }
  const state = await liveState(stateDir ?? projectPaths().stateDir);
  if (!state?.kafkaBrokers?.length)
    throw unreachableError('no Kafka to talk to: the stack is not running', 'start it with `platform up`, or pass --brokers host:port');
  return state.kafkaBrokers;
}

export function createKafka(brokers: string[], clientId = 'platform-cli', profile: KafkaProfile = 'cli'): Kafka {
  const t = typeof profile === 'string' ? KAFKA_PROFILES[profile] : profile;
  fixKafkajsTimerLoop();
  return new Kafka({
    clientId,
    brokers,
    logLevel: process.env.PLATFORM_KAFKA_DEBUG ? logLevel.DEBUG : logLevel.NOTHING,
    connectionTimeout: t.connectionTimeout,
    requestTimeout: t.requestTimeout,
    retry: { retries: t.retries, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}

export function isConnectionError(e: unknown): boolean {
  const err = e as { name?: string; message?: string; originalError?: unknown; cause?: unknown };
  if (!err) return false;
  if (/KafkaJSConnectionError|KafkaJSBrokerNotFound|KafkaJSNumberOfRetriesExceeded/.test(err.name ?? '')) {
    return err.name !== 'KafkaJSNumberOfRetriesExceeded' || isConnectionError(err.originalError ?? err.cause);
  }
  return /ECONNREFUSED|Connection timeout|Closed connection|connect ETIMEDOUT/.test(err.message ?? '');
}

export function explainKafkaError(e: unknown, brokers: string[]): unknown {
  if ((e as { type?: string })?.type === 'MESSAGE_TOO_LARGE')
    return failedError(
      'Kafka refused a message larger than the broker accepts (message.max.bytes, 1 MiB by default)',
      'send a smaller value, or raise max.message.bytes on the topic: `platform kafka topics create <topic> --config max.message.bytes=...`',
    );
  if (isConnectionError(e))
    return unreachableError(
      `cannot reach Kafka at ${brokers.join(',')}: ${(e as Error).message}`,
      'start the stack with `platform up` (check `platform status`), or pass --brokers',
    );
  return e;
}

/** Decoded headers: Kafka values are Buffers (or arrays of them); the CLI shows strings. */
export function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const key in headers) {
    const raw = headers[key];
    const v = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (v !== undefined && v !== null) out[key] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

/** `work`, or `onTimeout()` thrown after `ms` (the timer is cleared either way). */
export async function within<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
