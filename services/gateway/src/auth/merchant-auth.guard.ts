import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PAYMENTS_PATTERNS } from '@platform/contracts';
import { rpcError, envNumber } from '@platform/nest-kit';
import type { HttpRequest } from '../http/http-types.js';
import { PeersService } from '../peers/peers.service.js';
import { apiKeyHash, bearerKey } from './api-key.js';

const PUBLIC = 'platform:public';
/** A route anyone may call without a key (health, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC, true);

/** A verified key is trusted this long without asking payments again: a rotated key stops working within it. */
export const KEY_CACHE_MS = envNumber('API_KEY_CACHE_MS', 5_000);

export type AuthenticatedRequest = HttpRequest & { merchantId: string };

/** The merchant the request's API key belongs to (set by MerchantAuthGuard). */
export function merchantOf(req: HttpRequest): string {
  return (req as AuthenticatedRequest).merchantId;
}

/**
 * Every route needs `Authorization: Bearer <secret key>` unless marked @Public(). The gateway
 * hashes the key and asks payments, which owns the merchants, whose it is: the key itself never
 * leaves this process. Missing or unknown keys are UNAUTHORIZED (401); payments being down is
 * UNAVAILABLE (503), never a 401.
 */
@Injectable()
export class MerchantAuthGuard implements CanActivate {
  private readonly verified = new Map<string, { merchantId: string; until: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly peers: PeersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = bearerKey(req.headers.authorization);
    if ('problem' in bearer) throw rpcError('UNAUTHORIZED', bearer.problem);
    req.merchantId = await this.merchantFor(apiKeyHash(bearer.key));
    return true;
  }

  private async merchantFor(keyHash: string): Promise<string> {
    const cached = this.verified.get(keyHash);
    if (cached && cached.until > Date.now()) return cached.merchantId;
    try {
      const { merchantId } = await this.peers.call<{ merchantId: string }>('payments', PAYMENTS_PATTERNS.authenticate, { keyHash });
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(keyHash, { merchantId, until: Date.now() + KEY_CACHE_MS });
      return merchantId;
    } catch (e) {
      this.verified.delete(keyHash);
      if ((e as { getError?: () => { code?: string } }).getError?.()?.code === 'NOT_FOUND')
        throw rpcError('UNAUTHORIZED', 'invalid API key');
      throw e;
    }
  }
}
