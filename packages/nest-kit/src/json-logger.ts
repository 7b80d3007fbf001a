import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from './correlation.js';
import { maskCardNumbers } from './card-data.js';

/**
 * One JSON object per line on stdout, so `platform logs` can colour and filter them.
 * Every line carries the service name and the current correlation id; card numbers are masked
 * even when a caller logs a payload by mistake.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly service: string, private readonly out: NodeJS.WritableStream = process.stdout) {}

  log(message: unknown, ...rest: unknown[]) { this.write('info', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.write('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.write('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.write('fatal', message, rest); }

  private write(level: string, message: unknown, rest: unknown[]) {
    // Nest passes the context (class name) as the last string argument.
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      correlationId: currentCorrelationId(),
      context,
    };
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    const extra = rest.filter((r) => r !== undefined);
    if (extra.length) entry.detail = extra;
    this.out.write(maskCardNumbers(JSON.stringify(entry)) + '\n');
  }
}
