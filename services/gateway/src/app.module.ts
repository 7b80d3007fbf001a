import { readFileSync } from 'node:fs';
import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CardDataGuard, PlatformModule } from '@platform/nest-kit';
import { CorrelationMiddleware } from './http/correlation.middleware.js';
import { PeersModule } from './peers/peers.module.js';
import { PaymentsController } from './payments/payments.controller.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { HealthController } from './health/health.controller.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

@Module({
  imports: [PlatformModule.forRoot({ name: 'gateway', version }), PeersModule],
  controllers: [PaymentsController, AccountsController, HealthController],
  // Runs before validation, so a body with a card number is refused (422) rather than merely invalid.
  providers: [{ provide: APP_GUARD, useClass: CardDataGuard }],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(CorrelationMiddleware).forRoutes('*path');
  }
}
