import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { rpcError } from '@platform/nest-kit';
import { IdempotencyKey } from './schemas/idempotency-key.schema.js';

const HOUR = 3_600_000;
/** How long a claimant may work before another request with the same key takes over. */
const LOCK_MS = 15_000;
/** How long a duplicate waits for the first request to finish before answering 409. */
const WAIT_MS = 8_000;
const POLL_MS = 40;

export type Claim =
  /** This request owns the key and must create payment `paymentId`. */
  | { owner: true; claimId: unknown; paymentId: string }
  /** Another request already created payment `paymentId`; answer with it. */
  | { owner: false; paymentId: string };

export function isDuplicateKeyError(e: unknown): boolean {
  return (e as { code?: number })?.code === 11000;
}

@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private readonly ttlMs = Number(process.env.IDEMPOTENCY_TTL_HOURS ?? 24) * HOUR;
  private sweepTimer?: NodeJS.Timeout;

  constructor(@InjectModel(IdempotencyKey.name) private readonly keys: Model<IdempotencyKey>) {}

  onModuleInit() {
    const every = Number(process.env.IDEMPOTENCY_SWEEP_MS ?? 10 * 60_000);
    this.sweepTimer = setInterval(() => void this.sweep(), every).unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweepTimer);
  }

  /**
   * Insert-first: the unique index decides who owns the key, also when 20 identical requests
   * arrive at once. `isDone(paymentId)` tells whether the owner has finished its payment.
   */
  async claim(merchantId: string, key: string, hash: string, newPaymentId: () => string, isDone: (paymentId: string) => Promise<boolean>): Promise<Claim> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const now = new Date();
      try {
        const doc = await this.keys.create({
          merchantId, key, requestHash: hash, paymentId: newPaymentId(),
          lockedUntil: new Date(now.getTime() + LOCK_MS), expiresAt: new Date(now.getTime() + this.ttlMs), createdAt: now,
        });
        return { owner: true, claimId: doc._id, paymentId: doc.paymentId };
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
      }
      const existing = await this.keys.findOne({ merchantId, key }).lean();
      if (!existing) continue;
      if (existing.expiresAt <= now) {
        // Expired but not swept yet: the key is free again.
        await this.keys.deleteOne({ _id: existing._id, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.requestHash !== hash) {
        throw rpcError('CONFLICT', 'this Idempotency-Key was already used with a different request body');
      }
      if (await isDone(existing.paymentId)) return { owner: false, paymentId: existing.paymentId };
      if (existing.lockedUntil > now) {
        await sleep(POLL_MS);
        continue;
      }
      // The claimant gave up or died before creating the payment: take over the same payment id.
      const taken = await this.keys.findOneAndUpdate(
        { _id: existing._id, lockedUntil: existing.lockedUntil },
        { $set: { lockedUntil: new Date(now.getTime() + LOCK_MS) } },
        { returnDocument: 'after' },
      ).lean();
      if (taken) return { owner: true, claimId: taken._id, paymentId: taken.paymentId };
    }
    throw rpcError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry shortly');
  }

  /** The owner failed before creating the payment (e.g. ledger unreachable): let a retry take over now. */
  async release(claimId: unknown): Promise<void> {
    await this.keys.updateOne({ _id: claimId }, { $set: { lockedUntil: new Date(0) } });
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
