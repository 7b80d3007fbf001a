import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { LEDGER_PATTERNS, PAYMENTS_PATTERNS } from '@platform/contracts';
import {
  HEALTH_PATTERN,
  HealthRegistry,
  STATUS_FOR_CODE,
  currentCorrelationId,
  isRpcErrorBody,
  rpcError,
  envNumber,
} from '@platform/nest-kit';

export const PAYMENTS_CLIENT = Symbol('PAYMENTS_CLIENT');
export const LEDGER_CLIENT = Symbol('LEDGER_CLIENT');
export type Peer = 'payments' | 'ledger';
/** Only patterns the contracts name (or nest-kit's health check): a renamed pattern fails to compile here. */
export type PeerPattern =
  | (typeof PAYMENTS_PATTERNS)[keyof typeof PAYMENTS_PATTERNS]
  | (typeof LEDGER_PATTERNS)[keyof typeof LEDGER_PATTERNS]
  | typeof HEALTH_PATTERN;

const DEFAULT_TIMEOUT_MS = envNumber('PEER_TIMEOUT_MS', 10_000, 1);

/**
 * The gateway's TCP calls to the other services. Every call carries the correlation id and a
 * timeout; a peer that is down, silent or drops the connection becomes UNAVAILABLE (503, Retry-After),
 * its own errors pass through.
 */
@Injectable()
export class PeersService implements OnModuleInit, OnModuleDestroy {
  private readonly clients: Record<Peer, ClientProxy>;

  constructor(
    @Inject(PAYMENTS_CLIENT) payments: ClientProxy,
    @Inject(LEDGER_CLIENT) ledger: ClientProxy,
    private readonly health: HealthRegistry,
  ) {
    this.clients = { payments, ledger };
  }

  onModuleInit() {
    // The gateway has no infrastructure of its own: it is healthy when it can reach its peers.
    for (const peer of Object.keys(this.clients) as Peer[]) this.health.register(peer, () => this.call(peer, HEALTH_PATTERN, {}, 1500));
  }

  async onModuleDestroy() {
    await Promise.all(Object.values(this.clients).map((c) => c.close()));
  }

  async call<T>(peer: Peer, pattern: PeerPattern, data: object, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    try {
      const reply$ = this.clients[peer].send<T>(pattern, { ...data, correlationId: currentCorrelationId() });
      return await firstValueFrom(reply$.pipe(timeout(timeoutMs)));
    } catch (e) {
      // Socket errors also have a string `code` (ECONNREFUSED): only our own codes pass through.
      if (isRpcErrorBody(e) && e.code in STATUS_FOR_CODE) throw rpcError(e.code, e.message, e.fields);
      // Nest's shape for an exception the peer did not expect: it answered, so it is reachable.
      if ((e as { status?: string })?.status === 'error')
        throw rpcError('INTERNAL', `${peer} failed: ${(e as { message?: string }).message ?? 'internal error'}`);
      if (e instanceof TimeoutError)
        throw rpcError('UNAVAILABLE', `${peer} did not answer within ${timeoutMs} ms; retry with the same Idempotency-Key`);
      // Anything else is the transport failing (refused, reset, closed while the request was in
      // flight): the peer is unavailable, not this request wrong, and a retry may well succeed.
      const reason = (e as { code?: string; message?: string })?.code ?? (e as { message?: string })?.message ?? 'connection lost';
      throw rpcError('UNAVAILABLE', `${peer} is not reachable (${reason}); retry with the same Idempotency-Key`);
    }
  }
}
