import { readFileSync } from 'node:fs';
import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CardDataMiddleware, PlatformModule } from '@platform/nest-kit';
import { CorrelationMiddleware } from './http/correlation.middleware.js';
import { JsonBodyMiddleware } from './http/json-body.middleware.js';
import { MerchantAuthGuard } from './auth/merchant-auth.guard.js';
import { PeersModule } from './peers/peers.module.js';
import { PaymentsController } from './payments/payments.controller.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { HealthController } from './health/health.controller.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

@Module({
  imports: [PlatformModule.forRoot({ name: 'gateway', version }), PeersModule],
  controllers: [PaymentsController, AccountsController, HealthController],
  providers: [{ provide: APP_GUARD, useClass: MerchantAuthGuard }],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    // In this order: every request gets a correlation id and an access-log line, then anything
    // carrying a card number is refused (422) before auth, validation or a handler sees it.
    consumer.apply(CorrelationMiddleware, CardDataMiddleware, JsonBodyMiddleware).forRoutes('*path');
  }
}
