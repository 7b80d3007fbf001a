import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { currentCorrelationId } from '@platform/nest-kit';
import { Posting } from './schemas/posting.schema.js';
import { isBalanced, type PostingDraft } from './posting-rules.js';

@Injectable()
export class PostingsService {
  private readonly logger = new Logger(PostingsService.name);

  constructor(@InjectModel(Posting.name) private readonly postings: Model<Posting>) {}

  /** Inserts the posting once; a second delivery of the same event (or fact) is a no-op. Returns whether it was new. */
  async post(eventId: string, paymentId: string, draft: PostingDraft): Promise<boolean> {
    if (!isBalanced(draft.legs)) throw new Error(`posting ${draft.postingKey} is not balanced`);
    try {
      await this.postings.create({
        _id: eventId,
        postingKey: draft.postingKey,
        kind: draft.kind,
        paymentId,
        legs: draft.legs,
        accounts: [...new Set(draft.legs.map((l) => l.account))],
        correlationId: currentCorrelationId(),
        createdAt: new Date(),
      });
      this.logger.log({ msg: 'posted', eventId, postingKey: draft.postingKey, paymentId });
      return true;
    } catch (e) {
      if ((e as { code?: number }).code !== 11000) throw e;
      this.logger.log({ msg: 'duplicate posting ignored', eventId, postingKey: draft.postingKey, paymentId });
      return false;
    }
  }

  /** Posted balance per currency. FerretDB's $unwind keeps only _id and the unwound field, hence currency inside each leg. */
  async balances(account: string): Promise<Map<string, number>> {
    const rows = await this.postings.aggregate<{ _id: string; total: number }>([
      { $match: { accounts: account } },
      { $unwind: '$legs' },
      { $match: { 'legs.account': account } },
      { $group: { _id: '$legs.currency', total: { $sum: '$legs.amount' } } },
    ]);
    return new Map(rows.map((r) => [r._id, r.total]));
  }

  /** Posted balance per account and currency, in one pass over all postings (one scan instead of one per account). */
  async allBalances(): Promise<Map<string, Map<string, number>>> {
    const rows = await this.postings.aggregate<{ _id: { account: string; currency: string }; total: number }>([
      { $unwind: '$legs' },
      { $group: { _id: { account: '$legs.account', currency: '$legs.currency' }, total: { $sum: '$legs.amount' } } },
    ]);
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      if (!out.has(r._id.account)) out.set(r._id.account, new Map());
      out.get(r._id.account)!.set(r._id.currency, r.total);
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
