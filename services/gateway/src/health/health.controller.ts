import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpResponse as Response } from '../http/http-types.js';
import { HealthRegistry } from '@platform/nest-kit';
import { Public } from '../auth/merchant-auth.guard.js';
import { HealthView } from '../openapi/schemas.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '200 when payments and ledger answer over TCP, 503 otherwise (for load balancers and `curl`); no key needed' })
  @ApiResponse({ status: 200, type: HealthView })
  @ApiResponse({ status: 503, type: HealthView })
  async check(@Res({ passthrough: true }) res: Response) {
    const { ok, checks } = await this.health.run();
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', service: 'gateway', checks };
  }
}
