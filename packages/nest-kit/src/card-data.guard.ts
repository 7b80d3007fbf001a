import { Injectable, UnprocessableEntityException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { findCardData } from './card-data.js';
import { rpcError } from './rpc-error.js';

/** Request headers that services persist or log, so they must not carry card numbers either. */
const CHECKED_HEADERS = ['idempotency-key', 'x-merchant-id', 'x-correlation-id'];

/**
 * Refuses any request or message that carries raw card data (CARD_DATA_REFUSED), before
 * validation and before anything is logged or stored. Register with APP_GUARD.
 */
@Injectable()
export class CardDataGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest();
      const headers = Object.fromEntries(CHECKED_HEADERS.map((h) => [h, req.headers?.[h]]));
      const where = findCardData({ body: req.body, query: req.query, params: req.params, headers });
      if (where) throw new UnprocessableEntityException({ code: 'CARD_DATA_REFUSED', message: refusal(where) });
      return true;
    }
    if (context.getType() === 'rpc') {
      const where = findCardData(context.switchToRpc().getData(), 'payload');
      if (where) throw rpcError('CARD_DATA_REFUSED', refusal(where));
    }
    return true;
  }
}

function refusal(where: string): string {
  return `raw card data is not accepted (${where.replace(/^\$\./, '')}); send a payment method token (pm_...) instead`;
}
