import { Controller, Get } from '@nestjs/common';
import { HealthRegistry } from '@platform/nest-kit';
import { SERVICE_NAME } from '../service.constants.js';

/** HTTP listener (HTTP_PORT): plain routes for browsers and load balancers beside the TCP patterns. */
@Controller()
export class StatusController {
  constructor(private readonly health: HealthRegistry) {}

  @Get('status')
  async status() {
    const { ok, checks } = await this.health.run();
    return { service: SERVICE_NAME, status: ok ? 'ok' : 'degraded', checks };
  }
}
