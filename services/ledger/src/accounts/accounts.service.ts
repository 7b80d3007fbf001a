import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { HoldReply } from '@platform/contracts';
import { rpcError, envNumber } from '@platform/nest-kit';
import { LedgerAccount, type Hold } from './schemas/ledger-account.schema.js';
import { coversFilter, fundsView, holdIncrements, legIncrements, sameTotals, sumIncrements, totalsFrom } from './funds.js';
import { PostingsService, type Derivation } from '../postings/postings.service.js';
import type { EventSource, Leg } from '../postings/schemas/posting.schema.js';
import type { HoldFundsCommand } from './dto/accounts.dto.js';

/** How long a hold stays open unless captured: far beyond a request's life and the consumer's usual lag. */
const HOLD_TTL_MS = envNumber('HOLD_TTL_MS', 10 * 60_000, 1);
const HOLD_SWEEP_MS = envNumber('HOLD_SWEEP_MS', 2_000, 1);
const MAX_HOLD_ATTEMPTS = 10;

/**
 * Every change of an account is one atomic update of its document, guarded in its filter, so
 * concurrent holds, captures, releases and the expiry sweep never need a lock: of two updates
 * that want the same hold, exactly one matches.
 */
@Injectable()
export class AccountsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccountsService.name);
  private sweepTimer?: NodeJS.Timeout;
  /** The all-accounts derivation in flight, shared by every hold that needs one meanwhile. */
  private derivation?: Promise<void>;
  /** Accounts holds found without totals, for the next derivation. */
  private readonly awaitingTotals = new Set<string>();

  constructor(
    @InjectModel(LedgerAccount.name) private readonly accounts: Model<LedgerAccount>,
    private readonly postings: PostingsService,
  ) {}

  onModuleInit() {
    this.sweepTimer = setInterval(() => void this.sweepExpiredHolds(), HOLD_SWEEP_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweepTimer);
  }

  /** One guarded `$push` + `$inc` where the funds cover it; anything else is told apart by one read. */
  async hold(cmd: HoldFundsCommand): Promise<HoldReply> {
    const { paymentId, accountId, amount, currency } = cmd;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (cmd.expiresInMs ?? HOLD_TTL_MS));
    const reply = (at: Date): HoldReply => ({ paymentId, accountId, held: true, expiresAt: at.toISOString() });
    for (let attempt = 0; ; attempt++) {
      const placed = await this.accounts.updateOne(
        { _id: accountId, 'holds.paymentId': { $ne: paymentId }, ...coversFilter(currency, amount) },
        { $push: { holds: { paymentId, amount, currency, createdAt: now, expiresAt } }, $inc: holdIncrements(currency, amount) },
      );
      if (placed.matchedCount) {
        this.logger.log({ msg: 'funds held', paymentId, accountId, amount, currency, expiresAt });
        return reply(expiresAt);
      }
      const account = await this.load(accountId);
      if (!account) throw rpcError('NOT_FOUND', `account ${accountId} does not exist`);
      const existing = account.holds?.find((h) => h.paymentId === paymentId);
      if (existing && existing.expiresAt > now) return reply(existing.expiresAt); // holding twice is a no-op
      if (existing) {
        // Expired but not swept yet: renew it, unless the sweep takes it first (then place a new one).
        const renewed = await this.accounts.updateOne(
          { _id: accountId, holds: { $elemMatch: { paymentId, expiresAt: existing.expiresAt } } },
          { $set: { 'holds.$.expiresAt': expiresAt } },
        );
        if (renewed.matchedCount) return reply(expiresAt);
        continue;
      }
      if (!account.balances) {
        await this.deriveTotals(accountId);
        continue;
      }
      // The account changed between our update and this read (its totals were just derived, or a
      // hold was released): what we read covers the amount, so try again.
      if ((account.balances[currency]?.available ?? -1) >= amount && attempt < MAX_HOLD_ATTEMPTS) continue;
      throw rpcError('INSUFFICIENT_FUNDS', `account ${accountId} cannot cover ${amount} ${currency}`);
    }
  }

  /** Idempotent: releasing a hold that is gone (captured, released, expired) changes nothing. */
  async release(accountId: string, paymentId: string): Promise<boolean> {
    const hold = (await this.load(accountId))?.holds?.find((h) => h.paymentId === paymentId);
    return hold ? this.dropHold(accountId, hold, {}) : false;
  }

  /**
   * Moves the running totals of every leg account by its legs, once per event, in one round trip:
   * an ordered bulk write of the updates below. Each update is guarded by
   * `applied.<partition> < offset`, so a redelivered event (after a crash between the posting and
   * these updates, or a consumer restart) changes nothing twice. A capture pulls its hold in the
   * same update of the customer's account; right after it comes the customer's plain update, for
   * when there was no such hold (released, expired): after a capture its guard no longer matches.
   * An account without running totals yet (merchants keep none) matches nothing: its totals are
   * derived from the postings when first needed. (No "hold captured" line: a bulk write's result
   * does not say which of its updates matched; the trace shows the update.)
   */
  async applyPosting(
    legs: Leg[],
    source: EventSource,
    capture?: { accountId: string; paymentId: string; amount: number; currency: string },
  ): Promise<void> {
    const appliedPath = `applied.${source.partition}`;
    const notYet = { balances: { $exists: true }, $or: [{ [appliedPath]: { $lt: source.offset } }, { [appliedPath]: { $exists: false } }] };
    const mark = { $set: { [appliedPath]: source.offset } };
    const updates = [...new Set(legs.map((l) => l.account))].flatMap((accountId) => {
      const inc = legIncrements(legs, accountId);
      const plain = { updateOne: { filter: { _id: accountId, ...notYet }, update: { ...mark, $inc: inc } } };
      if (capture?.accountId !== accountId) return [plain];
      const { paymentId, amount, currency } = capture;
      const captured = {
        updateOne: {
          filter: { _id: accountId, ...notYet, holds: { $elemMatch: { paymentId, amount, currency } } },
          update: { ...mark, $pull: { holds: { paymentId } }, $inc: sumIncrements(inc, holdIncrements(currency, -amount)) },
        },
      };
      return [captured, plain];
    });
    await this.accounts.bulkWrite(updates, { ordered: true });
  }

  async balance(accountId: string, merchantId?: string) {
    const account = await this.load(accountId);
    // Another merchant's account answers exactly like one that does not exist.
    if (merchantId && account?.merchantId !== merchantId) throw rpcError('NOT_FOUND', `account ${accountId} does not exist`);
    if (account?.balances) return { accountId, kind: account.kind, balances: fundsView(account.balances) };
    const posted = await this.postings.balances(accountId);
    if (!account && posted.size === 0) throw rpcError('NOT_FOUND', `account ${accountId} does not exist`);
    return { accountId, kind: account?.kind, balances: fundsView(totalsFrom(posted, account?.holds)) };
  }

  /** The running totals next to the same figures derived from postings and holds (both absent when the account keeps none). */
  async reconcile(accountId: string) {
    const account = await this.load(accountId);
    const derived = totalsFrom(await this.postings.balances(accountId), account?.holds);
    if (!account && Object.keys(derived).length === 0) throw rpcError('NOT_FOUND', `account ${accountId} does not exist`);
    const running = account?.balances;
    return {
      accountId,
      running: running ? fundsView(running) : null,
      derived: fundsView(derived),
      consistent: !running || sameTotals(running, derived),
    };
  }

  /**
   * Releases holds past their `expiresAt` (their payment was never written: the client gave up,
   * or payments died between the hold and the write). Each release is guarded on the hold still
   * being there and expired, so a capture racing the sweep and the sweep never both win.
   */
  async sweepExpiredHolds(now = new Date()): Promise<number> {
    let released = 0;
    try {
      const expired = await this.accounts
        .find({ 'holds.expiresAt': { $lte: now } }, { holds: 1 })
        .lean<Pick<LedgerAccount, '_id' | 'holds'>[]>()
        .exec();
      for (const account of expired) {
        for (const hold of account.holds ?? []) {
          if (hold.expiresAt > now) continue;
          if (await this.dropHold(account._id, hold, { expiresAt: { $lte: now } })) {
            released++;
            this.logger.warn({
              msg: 'expired hold released',
              paymentId: hold.paymentId,
              accountId: account._id,
              amount: hold.amount,
              currency: hold.currency,
              expiresAt: hold.expiresAt,
            });
          }
        }
      }
    } catch (e) {
      this.logger.warn({ msg: 'hold sweep failed', error: (e as Error).message });
    }
    return released;
  }

  private async dropHold(accountId: string, hold: Hold, condition: Record<string, unknown>): Promise<boolean> {
    const { paymentId, amount, currency } = hold;
    const dropped = await this.accounts.updateOne(
      { _id: accountId, holds: { $elemMatch: { paymentId, amount, currency, ...condition } } },
      { $pull: { holds: { paymentId } }, $inc: holdIncrements(currency, -amount) },
    );
    if (dropped.matchedCount && !Object.keys(condition).length) this.logger.log({ msg: 'hold released', paymentId, accountId });
    return dropped.matchedCount > 0;
  }

  /**
   * Totals for accounts that keep none yet (seeded ones), from their postings, set only where
   * totals are still missing. One aggregate over all postings serves every customer account
   * without totals at once, the ones holds wait for and the rest: after a seed of 200 customers
   * that is one scan, not one per hold that happens to come first. The derivation also returns,
   * per partition, the offset of the last event it included, stored as `applied` in the same
   * write: events of one partition are handled in order, so a later event's update still applies
   * and an included one's is refused by its guard.
   */
  private async deriveTotals(accountId: string): Promise<void> {
    this.awaitingTotals.add(accountId);
    this.derivation ??= this.deriveMissingTotals().finally(() => (this.derivation = undefined));
    await this.derivation;
  }

  private async deriveMissingTotals(): Promise<void> {
    const waiting = [...this.awaitingTotals];
    this.awaitingTotals.clear();
    const derived = await this.postings.derivation();
    const missing = await this.accounts
      .find({ $or: [{ kind: 'customer' }, { _id: { $in: waiting } }], balances: { $exists: false } }, { holds: 1 })
      .lean<Pick<LedgerAccount, '_id' | 'holds'>[]>()
      .exec();
    if (!missing.length) return;
    const none: Derivation = { posted: new Map(), applied: {} };
    await this.accounts.bulkWrite(
      missing.map(({ _id, holds }) => {
        const { posted, applied } = derived.get(_id) ?? none;
        return {
          updateOne: { filter: { _id, balances: { $exists: false } }, update: { $set: { balances: totalsFrom(posted, holds), applied } } },
        };
      }),
      { ordered: false },
    );
  }

  private load(accountId: string) {
    return this.accounts.findById(accountId).lean<LedgerAccount>().exec();
  }
}
