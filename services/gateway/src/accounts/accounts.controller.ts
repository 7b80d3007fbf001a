import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpRequest as Request } from '../http/http-types.js';
import { merchantOf } from '../auth/merchant-auth.guard.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import { BalanceView } from '../openapi/schemas.js';
import { LEDGER_PATTERNS } from '@platform/contracts';
import { PeersService } from '../peers/peers.service.js';
import { AccountIdParams } from './account-id.params.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly peers: PeersService) {}

  @Get(':id/balance')
  @ApiOperation({
    summary: 'Posted, held and available funds per currency, from the ledger',
    description: "Only accounts the merchant owns: its customers' and its own; any other is 404.",
  })
  @ApiOkResponse({ type: BalanceView })
  @ApiErrors(400, 401, 404, 415, 422, 503)
  balance(@Req() req: Request, @Param() params: AccountIdParams) {
    return this.peers.call('ledger', LEDGER_PATTERNS.balance, { accountId: params.id, merchantId: merchantOf(req) });
  }
}
