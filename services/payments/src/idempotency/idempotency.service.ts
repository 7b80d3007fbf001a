import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { rpcError, envNumber } from '@platform/nest-kit';
import { insertLean, isDuplicateKeyError } from '@platform/nest-kit/database';
import { IdempotencyKey } from './schemas/idempotency-key.schema.js';

const HOUR = 3_600_000;
/** How long a claimant may work before another request with the same key takes over. */
const LOCK_MS = 15_000;
/** How long a duplicate waits for the first request to finish before answering IDEMPOTENCY_IN_PROGRESS (409). */
const WAIT_MS = envNumber('IDEMPOTENCY_WAIT_MS', 8_000, 1);
/** Polling for an owner in another process: short at first, then backing off (with jitter). */
const MIN_POLL_MS = 5;
const MAX_POLL_MS = 100;

/** The claim's `_id`, derived from merchant and key: the unique `_id` decides who owns the key, and a lookup is by `_id`. */
export function claimId(merchantId: string, key: string): string {
  return `idk_${createHash('sha256')
    .update(JSON.stringify([merchantId, key]))
    .digest('base64url')}`;
}

export type Claim =
  /** This request owns the key and must create payment `paymentId`. */
  | { owner: true; claimId: unknown; paymentId: string }
  /** Another request already created payment `paymentId`; answer with it. */
  | { owner: false; paymentId: string };

@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private readonly ttlMs = envNumber('IDEMPOTENCY_TTL_HOURS', 24, 1) * HOUR;
  private sweepTimer?: NodeJS.Timeout;
  /** Claims owned by this process, until their payment is written: duplicates here wait on these, not on a poll. */
  private readonly inFlight = new Map<string, { done: Promise<void>; settle: () => void }>();

  constructor(@InjectModel(IdempotencyKey.name) private readonly keys: Model<IdempotencyKey>) {}

  onModuleInit() {
    const every = envNumber('IDEMPOTENCY_SWEEP_MS', 10 * 60_000, 1);
    this.sweepTimer = setInterval(() => void this.sweep(), every).unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweepTimer);
  }

  /**
   * Insert-first: the unique index decides who owns the key, also when 20 identical requests
   * arrive at once. `isDone(paymentId)` tells whether the owner has finished its payment.
   */
  async claim(
    merchantId: string,
    key: string,
    hash: string,
    newPaymentId: () => string,
    isDone: (paymentId: string) => Promise<boolean>,
  ): Promise<Claim> {
    const deadline = Date.now() + WAIT_MS;
    const _id = claimId(merchantId, key);
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const now = new Date();
      try {
        const doc = await insertLean(this.keys, {
          _id,
          merchantId,
          key,
          requestHash: hash,
          paymentId: newPaymentId(),
          lockedUntil: new Date(now.getTime() + LOCK_MS),
          expiresAt: new Date(now.getTime() + this.ttlMs),
          createdAt: now,
        });
        return this.owned(_id, doc.paymentId);
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
      }
      const local = this.inFlight.get(_id);
      if (local) {
        // The owner is in this process: wait for it to finish, then read its outcome.
        await Promise.race([local.done, sleep(Math.max(0, deadline - Date.now()))]);
      }
      const existing = await this.keys.findById(_id).lean();
      if (!existing) continue;
      if (existing.expiresAt <= now) {
        // Expired but not swept yet: the key is free again.
        await this.keys.deleteOne({ _id, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.requestHash !== hash) {
        throw rpcError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request body; use a new key');
      }
      if (await isDone(existing.paymentId)) return { owner: false, paymentId: existing.paymentId };
      if (existing.lockedUntil > now) {
        if (!this.inFlight.has(_id)) await sleep(Math.min(MIN_POLL_MS * 2 ** attempt, MAX_POLL_MS) * (0.5 + Math.random() / 2));
        continue;
      }
      // The claimant gave up or died before creating the payment: take over the same payment id.
      // Guarded on the lease it saw, so of several takers exactly one wins.
      const taken = await this.keys
        .findOneAndUpdate(
          { _id, lockedUntil: existing.lockedUntil },
          { $set: { lockedUntil: new Date(now.getTime() + LOCK_MS) } },
          { returnDocument: 'after' },
        )
        .lean();
      if (taken) return this.owned(taken._id, taken.paymentId);
    }
    throw rpcError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still in progress; retry shortly with the same key');
  }

  /** The owner failed before creating the payment (e.g. ledger unreachable): let a retry take over now. */
  async release(claimId: unknown): Promise<void> {
    await this.keys.updateOne({ _id: claimId as string }, { $set: { lockedUntil: new Date(0) } });
  }

  /** The owner is done (payment written, or given up): wakes the duplicates of this process that wait for it. */
  settled(claimId: unknown): void {
    const id = String(claimId);
    this.inFlight.get(id)?.settle();
    this.inFlight.delete(id);
  }

  private owned(claimId: unknown, paymentId: string): Claim {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    this.inFlight.set(String(claimId), { done, settle });
    return { owner: true, claimId, paymentId };
  }

  async sweep(): Promise<void> {
    try {
      const { deletedCount } = await this.keys.deleteMany({ expiresAt: { $lt: new Date() } });
      if (deletedCount) this.logger.log({ msg: 'expired idempotency keys removed', count: deletedCount });
    } catch (e) {
      this.logger.warn({ msg: 'idempotency sweep failed', error: (e as Error).message });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
