import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { currentCorrelationId, isRpcErrorBody, rpcError } from '@platform/nest-kit';
import type { PaymentFailure } from '../catalog/payer-check.js';

export const LEDGER_CLIENT = Symbol('LEDGER_CLIENT');
export const LEDGER_PATTERNS = { hold: 'ledger.hold', release: 'ledger.release' } as const;
const LEDGER_TIMEOUT_MS = Number(process.env.LEDGER_TIMEOUT_MS ?? 5000);

export interface HoldRequest {
  paymentId: string;
  accountId: string;
  amount: number;
  currency: string;
}

/** Payments' view of the ledger over TCP: a hold either succeeds, is refused (a payment failure), or the ledger is unavailable. */
@Injectable()
export class LedgerClient implements OnModuleDestroy {
  constructor(@Inject(LEDGER_CLIENT) private readonly client: ClientProxy) {}

  async onModuleDestroy() {
    await this.client.close();
  }

  async hold(request: HoldRequest): Promise<PaymentFailure | undefined> {
    try {
      await this.call(LEDGER_PATTERNS.hold, request);
      return undefined;
    } catch (e) {
      if (isRpcErrorBody(e) && e.code === 'INSUFFICIENT_FUNDS') return { code: 'INSUFFICIENT_FUNDS', reason: e.message };
      if (isRpcErrorBody(e) && e.code === 'NOT_FOUND') return { code: 'UNKNOWN_CUSTOMER', reason: e.message };
      throw unavailable(e);
    }
  }

  private call(pattern: string, data: object): Promise<unknown> {
    const payload = { ...data, correlationId: currentCorrelationId() };
    return firstValueFrom(this.client.send(pattern, payload).pipe(timeout(LEDGER_TIMEOUT_MS)));
  }
}

function unavailable(e: unknown) {
  const detail = isRpcErrorBody(e) ? `${e.code}: ${e.message}` : (e as Error)?.message ?? String(e);
  return rpcError('UNAVAILABLE', `ledger did not place the hold (${detail}); retry with the same Idempotency-Key`);
}
