import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { LEDGER_PATTERNS } from '@platform/contracts';
import { PatternDoc } from '@platform/nest-kit';
import { AccountsService } from './accounts.service.js';
import { BalanceQuery, HoldFundsCommand, ReleaseHoldCommand } from './dto/accounts.dto.js';

@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(LEDGER_PATTERNS.hold, Transport.TCP)
  @PatternDoc({
    description:
      'Hold funds for a payment until captured or expired (expiresInMs); INSUFFICIENT_FUNDS when posted balance minus open holds is short',
  })
  hold(@Payload() cmd: HoldFundsCommand) {
    return this.accounts.hold(cmd);
  }

  @MessagePattern(LEDGER_PATTERNS.release, Transport.TCP)
  @PatternDoc({ description: 'Release a hold without posting (idempotent)' })
  async release(@Payload() cmd: ReleaseHoldCommand) {
    return { released: await this.accounts.release(cmd.accountId, cmd.paymentId) };
  }

  @MessagePattern(LEDGER_PATTERNS.balance, Transport.TCP)
  @PatternDoc({
    description: "Posted, held and available funds per currency: the account's running totals, or derived from postings when it keeps none",
  })
  balance(@Payload() query: BalanceQuery) {
    return this.accounts.balance(query.accountId, query.merchantId);
  }

  @MessagePattern(LEDGER_PATTERNS.reconcile, Transport.TCP)
  @PatternDoc({
    description:
      'The running totals next to the same figures derived from postings and holds; consistent when they agree (scans postings: not for hot paths)',
  })
  reconcile(@Payload() query: BalanceQuery) {
    return this.accounts.reconcile(query.accountId);
  }
}
