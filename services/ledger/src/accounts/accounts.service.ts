import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentLocks, LockTimeoutError, rpcError } from '@platform/nest-kit';
import { LedgerAccount, type Totals } from './schemas/ledger-account.schema.js';
import { canHold, fundsView, sameTotals, totalsFrom, withHeld, withLegs } from './funds.js';
import { PostingsService } from '../postings/postings.service.js';
import type { PostingDraft } from '../postings/posting-rules.js';
import type { BalanceQuery, HoldFundsCommand } from './dto/accounts.dto.js';

type AccountDoc = LedgerAccount & { holds?: LedgerAccount['holds'] };

/** Posted sums of every account from one scan, and each account's `version` read just before it. */
interface BulkDerivation {
  versions: Map<string, number | null>;
  posted: Map<string, Map<string, number>>;
}

/** A bulk derivation is reused for this long; accounts changed since then fall back to their own scan. */
const BULK_REUSE_MS = 60_000;

/**
 * Every write of an account document happens under its lock (FerretDB 1.24 updates are
 * read-modify-write, see DocumentLocks) and filters on `_id` alone: FerretDB only pushes an
 * `_id`-only filter down to SQLite, any other condition makes it scan the whole collection.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  private bulk?: { at: number; result: Promise<BulkDerivation> };

  constructor(@InjectModel(LedgerAccount.name) private readonly accounts: Model<LedgerAccount>, private readonly postings: PostingsService, private readonly locks: DocumentLocks) {}

  /** One read and one write of the account document under its lock. */
  async hold(cmd: HoldFundsCommand) {
    const result = { paymentId: cmd.paymentId, accountId: cmd.accountId, held: true };
    return this.withAccountLock(cmd.accountId, async () => {
      const account = await this.load(cmd.accountId);
      if (!account) throw rpcError('NOT_FOUND', `account ${cmd.accountId} does not exist`);
      if (account.holds?.[cmd.paymentId]) return result;
      const totals = account.balances ?? (await this.derive(account));
      if (!canHold(totals, cmd.currency, cmd.amount)) {
        // Keep what was derived, so the next attempt reads it instead of aggregating again.
        if (!account.balances) await this.accounts.updateOne({ _id: account._id }, { $set: { balances: totals }, $inc: { version: 1 } });
        throw rpcError('INSUFFICIENT_FUNDS', `account ${cmd.accountId} cannot cover ${cmd.amount} ${cmd.currency}`);
      }
      await this.accounts.updateOne(
        { _id: account._id },
        {
          $set: { [`holds.${cmd.paymentId}`]: { amount: cmd.amount, currency: cmd.currency, createdAt: new Date() }, balances: withHeld(totals, cmd.currency, cmd.amount) },
          $inc: { version: 1 },
        },
      );
      this.logger.log({ msg: 'funds held', paymentId: cmd.paymentId, accountId: cmd.accountId, amount: cmd.amount, currency: cmd.currency });
      return result;
    });
  }

  /** Idempotent: releasing a hold that is gone (already captured or released) changes nothing. */
  async release(accountId: string, paymentId: string): Promise<boolean> {
    // Most releases (failed payments never held anything) need no lock: a read by _id tells.
    const seen = await this.load(accountId);
    if (!seen?.holds?.[paymentId]) return false;
    return this.withAccountLock(accountId, async () => {
      const account = await this.load(accountId);
      const hold = account?.holds?.[paymentId];
      if (!account || !hold) return false;
      const totals = account.balances ?? (await this.derive(account));
      await this.accounts.updateOne(
        { _id: accountId },
        { $unset: { [`holds.${paymentId}`]: '' }, $set: { balances: withHeld(totals, hold.currency, -hold.amount) }, $inc: { version: 1 } },
      );
      this.logger.log({ msg: 'hold released', paymentId, accountId });
      return true;
    });
  }

  /**
   * Inserts the posting and moves the running totals of every leg account that has a document,
   * under those accounts' locks (taken in id order). `capture` also drops that payment's hold in
   * the same account write, so available funds are never over-stated in between.
   * A posting that already exists (a redelivered or duplicated event) re-derives the totals from
   * postings and holds: its first attempt may have died between the insert and the account write.
   * Returns whether the posting was new.
   */
  async post(eventId: string, paymentId: string, draft: PostingDraft, capture?: { accountId: string; paymentId: string }): Promise<boolean> {
    const ids = [...new Set(draft.legs.map((l) => l.account))].sort();
    // Accounts without a document (merchants, equity) have no running totals: their balance is derived on read.
    const present = (await Promise.all(ids.map((id) => this.load(id)))).filter((a): a is AccountDoc => !!a).map((a) => a._id);
    return this.withAccountLocks(present, async () => {
      const accounts = (await Promise.all(present.map((id) => this.load(id)))).filter((a): a is AccountDoc => !!a);
      const before = new Map<string, Totals>();
      for (const a of accounts) before.set(a._id, a.balances ?? (await this.derive(a)));
      const isNew = await this.postings.post(eventId, paymentId, draft);
      for (const a of accounts) {
        let totals = isNew ? withLegs(before.get(a._id)!, draft.legs, a._id) : await this.derive(a, true);
        const update: Record<string, Record<string, unknown>> = { $inc: { version: 1 } };
        const hold = capture?.accountId === a._id ? a.holds?.[capture.paymentId] : undefined;
        if (hold) {
          totals = withHeld(totals, hold.currency, -hold.amount);
          update.$unset = { [`holds.${capture!.paymentId}`]: '' };
        }
        if (!hold && a.balances && sameTotals(a.balances, totals)) continue;
        update.$set = { balances: totals };
        await this.accounts.updateOne({ _id: a._id }, update);
        if (hold) this.logger.log({ msg: 'hold released', paymentId: capture!.paymentId, accountId: a._id });
      }
      return isNew;
    });
  }

  async balance(query: BalanceQuery) {
    const account = await this.load(query.accountId);
    // Another merchant's account answers exactly like one that does not exist.
    if (query.merchantId && account?.merchantId !== query.merchantId) throw rpcError('NOT_FOUND', `account ${query.accountId} does not exist`);
    if (account?.balances) return { accountId: query.accountId, kind: account.kind, balances: fundsView(account.balances) };
    const posted = await this.postings.balances(query.accountId);
    if (!account && posted.size === 0) throw rpcError('NOT_FOUND', `account ${query.accountId} does not exist`);
    return { accountId: query.accountId, kind: account?.kind, balances: fundsView(totalsFrom(posted, account?.holds)) };
  }

  /** The running totals next to the same figures derived from postings and holds (both absent when the account keeps none). */
  async reconcile(accountId: string) {
    const account = await this.load(accountId);
    const derived = totalsFrom(await this.postings.balances(accountId), account?.holds);
    if (!account && Object.keys(derived).length === 0) throw rpcError('NOT_FOUND', `account ${accountId} does not exist`);
    const running = account?.balances;
    return { accountId, running: running ? fundsView(running) : null, derived: fundsView(derived), consistent: !running || sameTotals(running, derived) };
  }

  /**
   * Totals from scratch, for an account read under its lock: an aggregate over ledger_postings (a
   * full scan on FerretDB), so only when they are missing or in doubt (`exact`: after a duplicate
   * posting, always its own scan).
   *
   * After a seed, every account lacks totals at once (the bench seeds 200): one scan grouping all
   * accounts serves them all. Its figures hold for an account whose `version` is unchanged since
   * just before that scan and that still keeps no totals: every posting the ledger makes for an
   * account with a document is written under that account's lock and bumps its version. (A posting
   * whose account write never happened, the process died in between, is redelivered by Kafka and
   * then re-derived exactly.)
   */
  private async derive(account: AccountDoc, exact = false): Promise<Totals> {
    if (!exact && !account.balances) {
      const bulk = await this.bulkDerivation();
      if (bulk.versions.has(account._id) && bulk.versions.get(account._id) === (account.version ?? null)) {
        return totalsFrom(bulk.posted.get(account._id) ?? new Map(), account.holds);
      }
    }
    return totalsFrom(await this.postings.balances(account._id), account.holds);
  }

  private bulkDerivation(): Promise<BulkDerivation> {
    if (this.bulk && Date.now() - this.bulk.at < BULK_REUSE_MS) return this.bulk.result;
    const result = (async () => {
      // Versions first, then the scan: a posting applied in between shows as a changed version.
      const docs = await this.accounts.find({}, { _id: 1, version: 1, balances: 1 }).lean<AccountDoc[]>().exec();
      const versions = new Map(docs.filter((d) => !d.balances).map((d) => [d._id, d.version ?? null] as const));
      return { versions, posted: await this.postings.allBalances() };
    })();
    this.bulk = { at: Date.now(), result };
    result.catch(() => { if (this.bulk?.result === result) this.bulk = undefined; });
    return result;
  }

  private load(accountId: string): Promise<AccountDoc | null> {
    return this.accounts.findById(accountId).lean<AccountDoc>().exec();
  }

  private async withAccountLocks<T>(accountIds: string[], fn: () => Promise<T>): Promise<T> {
    if (!accountIds.length) return fn();
    const [first, ...rest] = accountIds;
    return this.withAccountLock(first, () => this.withAccountLocks(rest, fn));
  }

  private async withAccountLock<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.locks.withLock(`account:${accountId}`, fn);
    } catch (e) {
      if (e instanceof LockTimeoutError) throw rpcError('UNAVAILABLE', `account ${accountId} is busy; retry`);
      throw e;
    }
  }
}
