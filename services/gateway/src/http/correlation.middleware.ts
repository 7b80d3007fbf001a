import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reasonable correlation ids only: they end up in every log line and Kafka header. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
}

/**
 * Where the correlation id enters the system: the caller's X-Correlation-Id, or a new one. It is
 * written back on the request (nest-kit's interceptor reads it from there) and on the response,
 * and the request gets one access-log line carrying it.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  use(req: IncomingMessage, res: ServerResponse, next: () => void) {
    const correlationId = correlationIdFrom(req.headers['x-correlation-id']);
    req.headers['x-correlation-id'] = correlationId;
    res.setHeader('X-Correlation-Id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
      // Explicit field: 'finish' fires outside the request's async context.
      this.logger.log({ msg: 'http request', correlationId, method: req.method, path: req.url?.split('?')[0], status: res.statusCode, durationMs });
    });
    next();
  }
}
