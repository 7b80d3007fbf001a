import type { LoggerService } from '@nestjs/common';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import { currentCorrelationId } from './correlation.js';
import { maskCardNumbers } from './card-data.js';
import { currentTraceIds } from './tracing/trace-context.js';

/**
 * A pino logger: one JSON object per line on stdout, which `platform logs` reads. Every line
 * carries the service, the correlation id and the active span's traceId/spanId, so logs and
 * traces join; card numbers are masked on the way out, even when a caller logs a payload by mistake.
 */
export function createLogger(service: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level: logLevel(),
      base: { service },
      messageKey: 'msg',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ correlationId: currentCorrelationId(), ...currentTraceIds() }),
      hooks: { streamWrite: maskCardNumbers },
    },
    destination ?? stdoutInBatches(),
  );
}

/**
 * Standard output in batches (see inBatches), written synchronously, so an exit (normal,
 * `process.exit`, a crash on an uncaught exception) still writes the last batch; a SIGKILL loses
 * at most the last 50 ms of lines.
 */
function stdoutInBatches(): DestinationStream {
  const batched = inBatches(pino.destination({ dest: 1, sync: true }));
  process.on('exit', batched.flush);
  return batched;
}

/**
 * Hands lines to `out` in batches: `delayMs` after the first line of a batch, or once it holds
 * `maxChars`, in one write instead of one per line (under load, a write per line was 5% of a
 * service's CPU). Nothing is scheduled while nothing is logged.
 */
export function inBatches(out: { write(text: string): unknown }, delayMs = 50, maxChars = 4096): DestinationStream & { flush(): void } {
  let batch = '';
  let due: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(due);
    due = undefined;
    if (!batch) return;
    const lines = batch;
    batch = '';
    out.write(lines);
  };
  return {
    flush,
    write(line: string) {
      batch += line;
      if (batch.length >= maxChars) flush();
      else due ??= setTimeout(flush, delayMs).unref();
    },
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Nest's names for two of pino's levels: users who know Nest set these. */
const NEST_NAMES: Record<string, string> = { log: 'info', verbose: 'trace' };

/** LOG_LEVEL as pino takes it (default info). An unknown level is refused with the list, not left to pino's stack trace. */
export function logLevel(raw = process.env.LOG_LEVEL): string {
  const name = raw?.trim().toLowerCase() || 'info';
  const level = NEST_NAMES[name] ?? name;
  if (!LEVELS.includes(level))
    throw new Error(`LOG_LEVEL="${raw}" is not a log level: use one of ${LEVELS.join(', ')} (Nest's log and verbose work too)`);
  return level;
}

/** NestJS's LoggerService over pino (what `new Logger(Ctx)` in services writes through). */
export class PinoLoggerService implements LoggerService {
  readonly pino: Logger;

  constructor(service: string, destination?: DestinationStream) {
    this.pino = createLogger(service, destination);
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]) {
    // Nest passes the context (class name) as the last string argument.
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const extra = rest.filter((r) => r !== undefined);
    const fields: Record<string, unknown> = { context, ...(extra.length ? { detail: extra } : {}) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) {
      const { msg, ...obj } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...obj }, typeof msg === 'string' ? msg : undefined);
    } else this.pino[level](fields, String(message));
  }
}
