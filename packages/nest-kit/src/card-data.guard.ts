import { Injectable, UnprocessableEntityException, type CanActivate, type ExecutionContext, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { findCardData } from './card-data.js';
import { rpcError } from './rpc-error.js';

/**
 * Refuses any TCP or Kafka message that carries raw card data (CARD_DATA_REFUSED), before
 * validation and before anything is logged or stored. Register with APP_GUARD.
 */
@Injectable()
export class CardDataGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'rpc') {
      const where = findCardData(context.switchToRpc().getData(), 'payload');
      if (where) throw rpcError('CARD_DATA_REFUSED', refusal(where));
    }
    return true;
  }
}

/**
 * The HTTP side: every string that enters (decoded path and query, every header, the parsed
 * body) is screened before routing, guards, validation or any handler. Apply it to every route.
 */
@Injectable()
export class CardDataMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { body?: unknown; originalUrl?: string }, _res: unknown, next: () => void) {
    const where = findCardDataInRequest(req);
    if (where) throw new UnprocessableEntityException({ code: 'CARD_DATA_REFUSED', message: refusal(where) });
    next();
  }
}

export function findCardDataInRequest(req: IncomingMessage & { body?: unknown; originalUrl?: string }): string | undefined {
  // Express strips a middleware's mount path from `url`; `originalUrl` is the whole path and query.
  return findCardData({ url: fullyDecoded(req.originalUrl ?? req.url ?? ''), headers: req.headers, body: req.body });
}

/** Percent-decoding until nothing changes (at most three rounds), so `%34111…` cannot hide a number. */
export function fullyDecoded(text: string): string {
  let current = text;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current.replace(/\+/g, ' '));
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

function refusal(where: string): string {
  return `raw card data is not accepted (${where.replace(/^\$\./, '')}): card numbers are refused in ids, keys, headers, paths and free text alike; send a payment method token (pm_...) instead`;
}
