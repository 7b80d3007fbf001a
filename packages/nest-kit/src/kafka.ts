import { Kafka, logLevel, type LogEntry, type KafkaConfig } from 'kafkajs';
import type { LoggerService } from '@nestjs/common';
import { fixKafkajsTimerLoop } from '@platform/kafkajs-fix';

/** A kafkajs client whose own log lines go through the service's JSON logger (warnings and errors only). */
export function createKafka(opts: { clientId: string; brokers: string[]; logger: LoggerService } & Partial<KafkaConfig>): Kafka {
  const { logger, ...config } = opts;
  fixKafkajsTimerLoop();
  return new Kafka({
    ...config,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        // kafkajs' own `correlationId` is a protocol counter: renamed so it cannot hide ours.
        const { message, timestamp: _t, logger: _l, stack: _s, correlationId, ...rest } = log as Record<string, unknown>;
        const entry = {
          msg: `kafkajs: ${message}`,
          kafka: namespace,
          ...(correlationId !== undefined ? { kafkaRequestId: correlationId } : {}),
          ...rest,
        };
        if (level <= logLevel.ERROR) logger.error(entry);
        else logger.warn(entry);
      },
  });
}

/** Kafka header values arrive as Buffers (or arrays of them); consumers want plain strings. */
export function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined && value !== null) out[key] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}
