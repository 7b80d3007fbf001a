import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { LEDGER_PATTERNS, type HoldReply, type HoldRequest } from '@platform/contracts';
import { currentCorrelationId, isRpcErrorBody, rpcError, envNumber } from '@platform/nest-kit';
import type { PaymentFailure } from '../catalog/payer-check.js';

export const LEDGER_CLIENT = Symbol('LEDGER_CLIENT');
const LEDGER_TIMEOUT_MS = envNumber('LEDGER_TIMEOUT_MS', 5000, 1);
/** A hold with less time than this left is not captured against: the ledger's sweep may release it first. */
const HOLD_MARGIN_MS = 10_000;

/** Payments' view of the ledger over TCP: a hold either succeeds, is refused (a payment failure), or the ledger is unavailable. */
@Injectable()
export class LedgerClient implements OnModuleDestroy {
  constructor(@Inject(LEDGER_CLIENT) private readonly client: ClientProxy) {}

  async onModuleDestroy() {
    await this.client.close();
  }

  async hold(request: HoldRequest): Promise<PaymentFailure | undefined> {
    let reply: HoldReply;
    try {
      reply = await this.call<HoldReply>(LEDGER_PATTERNS.hold, request);
    } catch (e) {
      if (isRpcErrorBody(e) && e.code === 'INSUFFICIENT_FUNDS') return { code: 'INSUFFICIENT_FUNDS', reason: e.message };
      if (isRpcErrorBody(e) && e.code === 'NOT_FOUND') return { code: 'UNKNOWN_CUSTOMER', reason: e.message };
      throw unavailable(e);
    }
    if (Date.parse(reply.expiresAt) - Date.now() < HOLD_MARGIN_MS) throw unavailable(new Error(`the hold expires at ${reply.expiresAt}`));
    return undefined;
  }

  private call<T>(pattern: string, data: object): Promise<T> {
    const payload = { ...data, correlationId: currentCorrelationId() };
    return firstValueFrom(this.client.send<T>(pattern, payload).pipe(timeout(LEDGER_TIMEOUT_MS)));
  }
}

function unavailable(e: unknown) {
  const detail = isRpcErrorBody(e) ? `${e.code}: ${e.message}` : ((e as Error)?.message ?? String(e));
  return rpcError('UNAVAILABLE', `ledger did not place the hold (${detail}); retry with the same Idempotency-Key`);
}
