import { Controller, Get, Res } from '@nestjs/common';
import type { HttpResponse as Response } from '../http/http-types.js';
import { HealthRegistry } from '@platform/nest-kit';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  /** 200 when payments and ledger answer over TCP, 503 otherwise (for load balancers and `curl`). */
  @Get()
  async check(@Res({ passthrough: true }) res: Response) {
    const { ok, checks } = await this.health.run();
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', service: 'gateway', checks };
  }
}
