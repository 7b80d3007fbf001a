import { Controller, Get, Param } from '@nestjs/common';
import { PeersService } from '../peers/peers.service.js';
import { AccountIdParams } from './account-id.params.js';

@Controller('accounts')
export class AccountsController {
  constructor(private readonly peers: PeersService) {}

  /** Posted, held and available funds per currency, from the ledger. */
  @Get(':id/balance')
  balance(@Param() params: AccountIdParams) {
    return this.peers.call('ledger', 'ledger.balance', { accountId: params.id });
  }
}
