import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { rpcError } from '@platform/nest-kit';
import { LedgerAccount } from './schemas/ledger-account.schema.js';
import { canHold, fundsView } from './funds.js';
import { PostingsService } from '../postings/postings.service.js';
import type { BalanceQuery, HoldFundsCommand } from './dto/accounts.dto.js';

const MAX_HOLD_RETRIES = 20;

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(@InjectModel(LedgerAccount.name) private readonly accounts: Model<LedgerAccount>, private readonly postings: PostingsService) {}

  /** Compare-and-set on the account's version, retried when another hold or release got in first. */
  async hold(cmd: HoldFundsCommand) {
    for (let attempt = 0; attempt < MAX_HOLD_RETRIES; attempt++) {
      const account = await this.accounts.findById(cmd.accountId).lean();
      if (!account) throw rpcError('NOT_FOUND', `account ${cmd.accountId} does not exist`);
      if (account.holds?.[cmd.paymentId]) return { paymentId: cmd.paymentId, accountId: cmd.accountId, held: true };
      const posted = (await this.postings.balances(cmd.accountId)).get(cmd.currency) ?? 0;
      if (!canHold(posted, account.holds, cmd.currency, cmd.amount)) {
        throw rpcError('INSUFFICIENT_FUNDS', `account ${cmd.accountId} cannot cover ${cmd.amount} ${cmd.currency}`);
      }
      const placed = await this.accounts.updateOne(
        // `null` also matches a seeded account that has no version field yet.
        { _id: cmd.accountId, version: account.version ?? null },
        { $set: { [`holds.${cmd.paymentId}`]: { amount: cmd.amount, currency: cmd.currency, createdAt: new Date() } }, $inc: { version: 1 } },
      );
      if (placed.modifiedCount === 1) {
        this.logger.log({ msg: 'funds held', paymentId: cmd.paymentId, accountId: cmd.accountId, amount: cmd.amount, currency: cmd.currency });
        return { paymentId: cmd.paymentId, accountId: cmd.accountId, held: true };
      }
    }
    throw rpcError('UNAVAILABLE', `account ${cmd.accountId} is too busy; retry`);
  }

  /** Idempotent: releasing a hold that is gone (already captured or released) changes nothing. */
  async release(accountId: string, paymentId: string): Promise<boolean> {
    const path = `holds.${paymentId}`;
    const res = await this.accounts.updateOne({ _id: accountId, [path]: { $exists: true } }, { $unset: { [path]: '' }, $inc: { version: 1 } });
    if (res.modifiedCount) this.logger.log({ msg: 'hold released', paymentId, accountId });
    return res.modifiedCount === 1;
  }

  async balance(query: BalanceQuery) {
    const account = await this.accounts.findById(query.accountId).lean();
    const posted = await this.postings.balances(query.accountId);
    if (!account && posted.size === 0) throw rpcError('NOT_FOUND', `account ${query.accountId} does not exist`);
    return { accountId: query.accountId, kind: account?.kind, balances: fundsView(posted, account?.holds) };
  }
}
