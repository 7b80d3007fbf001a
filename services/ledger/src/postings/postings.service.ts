import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { currentCorrelationId } from '@platform/nest-kit';
import { insertLean, insertOnce } from '@platform/nest-kit/database';
import { Posting, type EventSource } from './schemas/posting.schema.js';
import { isBalanced, type PostingDraft } from './posting-rules.js';

/** An account's posted sums per currency and the last offset per partition they include. */
export interface Derivation {
  posted: Map<string, number>;
  applied: Record<string, number>;
}

@Injectable()
export class PostingsService {
  private readonly logger = new Logger(PostingsService.name);

  constructor(@InjectModel(Posting.name) private readonly postings: Model<Posting>) {}

  /**
   * Inserts the posting once (`_id` = event id, `postingKey` unique: insert-or-E11000, no lookup
   * first). Answers `new`; `redelivered` when the very same message (partition and offset) comes
   * again, whose first attempt may have died before the account updates; `duplicate` for the same
   * fact in another message (a replayed or re-published event), which changes nothing.
   */
  async post(eventId: string, paymentId: string, draft: PostingDraft, source: EventSource): Promise<'new' | 'redelivered' | 'duplicate'> {
    if (!isBalanced(draft.legs)) throw new Error(`posting ${draft.postingKey} is not balanced`);
    const inserted = await insertOnce(() =>
      insertLean(this.postings, {
        _id: eventId,
        postingKey: draft.postingKey,
        kind: draft.kind,
        paymentId,
        legs: draft.legs,
        accounts: [...new Set(draft.legs.map((l) => l.account))],
        source,
        correlationId: currentCorrelationId(),
        createdAt: new Date(),
      }),
    );
    if (inserted) {
      this.logger.log({ msg: 'posted', eventId, postingKey: draft.postingKey, paymentId });
      return 'new';
    }
    const existing = await this.postings.findById(eventId, { source: 1 }).lean<Pick<Posting, 'source'>>().exec();
    if (existing?.source?.partition === source.partition && existing.source.offset === source.offset) return 'redelivered';
    this.logger.log({ msg: 'duplicate posting ignored', eventId, postingKey: draft.postingKey, paymentId });
    return 'duplicate';
  }

  /** Posted balance per currency. Each leg carries its currency, so one `$unwind` gives account and currency together. */
  async balances(account: string): Promise<Map<string, number>> {
    return (await this.derivation(account)).get(account)?.posted ?? new Map();
  }

  /**
   * Per account (all of them, or one): posted sums per currency, and per partition of
   * payments.events the offset of the last event among those postings (what running totals set
   * from these sums include). One pass groups every account, so accounts that all need totals at
   * once (after a seed) share one scan.
   */
  async derivation(account?: string): Promise<Map<string, Derivation>> {
    const rows = await this.postings.aggregate<{
      _id: { account: string; currency: string; partition: number | null };
      total: number;
      offset: number | null;
    }>([
      ...(account ? [{ $match: { accounts: account } }] : []),
      { $unwind: '$legs' },
      ...(account ? [{ $match: { 'legs.account': account } }] : []),
      {
        $group: {
          _id: { account: '$legs.account', currency: '$legs.currency', partition: '$source.partition' },
          total: { $sum: '$legs.amount' },
          offset: { $max: '$source.offset' },
        },
      },
    ]);
    const out = new Map<string, Derivation>();
    for (const r of rows) {
      const d = out.get(r._id.account) ?? { posted: new Map<string, number>(), applied: {} };
      out.set(r._id.account, d);
      d.posted.set(r._id.currency, (d.posted.get(r._id.currency) ?? 0) + r.total);
      const p = r._id.partition;
      if (p !== null && p !== undefined && r.offset !== null && r.offset !== undefined)
        d.applied[p] = Math.max(d.applied[p] ?? -1, r.offset);
    }
    return out;
  }

  async forPayment(paymentId: string) {
    return this.postings.find({ paymentId }).sort({ createdAt: 1 }).lean();
  }

  /** Sum of every leg per currency: zero when the books balance. */
  async trialBalance(): Promise<Record<string, number>> {
    const rows = await this.postings.aggregate<{ _id: string; total: number }>([
      { $unwind: '$legs' },
      { $group: { _id: '$legs.currency', total: { $sum: '$legs.amount' } } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.total]));
  }
}
