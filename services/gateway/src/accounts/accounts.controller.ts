import { Controller, Get, Param } from '@nestjs/common';
import { LEDGER_PATTERNS } from '@platform/contracts';
import { PeersService } from '../peers/peers.service.js';
import { AccountIdParams } from './account-id.params.js';

@Controller('accounts')
export class AccountsController {
  constructor(private readonly peers: PeersService) {}

  /** Posted, held and available funds per currency, from the ledger. */
  @Get(':id/balance')
  balance(@Param() params: AccountIdParams) {
    return this.peers.call('ledger', LEDGER_PATTERNS.balance, { accountId: params.id });
  }
}
