import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentLocks, LockTimeoutError, rpcError } from '@platform/nest-kit';
import { LedgerAccount } from './schemas/ledger-account.schema.js';
import { canHold, fundsView } from './funds.js';
import { PostingsService } from '../postings/postings.service.js';
import type { BalanceQuery, HoldFundsCommand } from './dto/accounts.dto.js';


@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(@InjectModel(LedgerAccount.name) private readonly accounts: Model<LedgerAccount>, private readonly postings: PostingsService, private readonly locks: DocumentLocks) {}

  /**
   * Under the account's lock (FerretDB 1.24 updates are not atomic, see DocumentLocks); the
   * version condition keeps the write safe on MongoDB even without it.
   */
  async hold(cmd: HoldFundsCommand) {
    return this.withAccountLock(cmd.accountId, async () => {
      const account = await this.accounts.findById(cmd.accountId).lean();
      if (!account) throw rpcError('NOT_FOUND', `account ${cmd.accountId} does not exist`);
      if (account.holds?.[cmd.paymentId]) return { paymentId: cmd.paymentId, accountId: cmd.accountId, held: true };
      const posted = (await this.postings.balances(cmd.accountId)).get(cmd.currency) ?? 0;
      if (!canHold(posted, account.holds, cmd.currency, cmd.amount)) {
        throw rpcError('INSUFFICIENT_FUNDS', `account ${cmd.accountId} cannot cover ${cmd.amount} ${cmd.currency}`);
      }
      const placed = await this.accounts.findOneAndUpdate(
        // `null` also matches a seeded account that has no version field yet.
        { _id: cmd.accountId, version: account.version ?? null },
        { $set: { [`holds.${cmd.paymentId}`]: { amount: cmd.amount, currency: cmd.currency, createdAt: new Date() } }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean();
      if (!placed) throw rpcError('UNAVAILABLE', `account ${cmd.accountId} changed while holding; retry`);
      this.logger.log({ msg: 'funds held', paymentId: cmd.paymentId, accountId: cmd.accountId, amount: cmd.amount, currency: cmd.currency });
      return { paymentId: cmd.paymentId, accountId: cmd.accountId, held: true };
    });
  }

  /** Idempotent: releasing a hold that is gone (already captured or released) changes nothing. */
  async release(accountId: string, paymentId: string): Promise<boolean> {
    const path = `holds.${paymentId}`;
    return this.withAccountLock(accountId, async () => {
      const res = await this.accounts.updateOne({ _id: accountId, [path]: { $exists: true } }, { $unset: { [path]: '' }, $inc: { version: 1 } });
      if (res.modifiedCount) this.logger.log({ msg: 'hold released', paymentId, accountId });
      return res.modifiedCount === 1;
    });
  }

  private async withAccountLock<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.locks.withLock(`account:${accountId}`, fn);
    } catch (e) {
      if (e instanceof LockTimeoutError) throw rpcError('UNAVAILABLE', `account ${accountId} is busy; retry`);
      throw e;
    }
  }

  async balance(query: BalanceQuery) {
    const account = await this.accounts.findById(query.accountId).lean();
    const posted = await this.postings.balances(query.accountId);
    if (!account && posted.size === 0) throw rpcError('NOT_FOUND', `account ${query.accountId} does not exist`);
    return { accountId: query.accountId, kind: account?.kind, balances: fundsView(posted, account?.holds) };
  }
}
