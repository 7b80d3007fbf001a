import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { containsCardNumber, fullyDecoded, maskCardNumbers } from '@platform/nest-kit';

/** Reasonable correlation ids only: they end up in every log line and Kafka header. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is reasonable and carries no card number, else a new one. */
export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && ACCEPTABLE.test(header) && !containsCardNumber(header) ? header : randomUUID();
}

/** The path as the access log shows it: decoded (so `%34…` cannot hide digits), card numbers masked, no query. */
export function loggedPath(req: IncomingMessage & { originalUrl?: string }): string {
  return maskCardNumbers(fullyDecoded((req.originalUrl ?? req.url ?? '').split('?')[0]));
}

/**
 * Where the correlation id enters the system: the caller's X-Correlation-Id, or a new one. It is
 * set on the request as `correlationId` (nest-kit's interceptor reads it from there) and on the response,
 * and the request gets one access-log line carrying it. Runs before the card-data screen, so a
 * refused request is logged too (with a fresh id if the caller's carried a card number).
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  use(req: IncomingMessage, res: ServerResponse, next: () => void) {
    const correlationId = correlationIdFrom(req.headers['x-correlation-id']);
    res.setHeader('X-Correlation-Id', correlationId);
    const started = process.hrtime.bigint();
    const path = loggedPath(req);
    res.on('finish', () => {
      const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
      // Explicit field: 'finish' fires outside the request's async context.
      this.logger.log({ msg: 'http request', correlationId, method: req.method, path, status: res.statusCode, durationMs });
    });
    // The header stays as sent, for the card-data screen; nest-kit's interceptor reads this field first.
    (req as IncomingMessage & { correlationId?: string }).correlationId = correlationId;
    next();
  }
}
