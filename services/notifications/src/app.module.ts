import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CardDataGuard, PlatformModule } from '@platform/nest-kit';
import { DatabaseModule } from '@platform/nest-kit/database';
import { NotificationsModule } from './notifications/notifications.module.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

@Module({
  imports: [PlatformModule.forRoot({ name: 'notifications', version }), DatabaseModule, NotificationsModule],
  providers: [{ provide: APP_GUARD, useClass: CardDataGuard }],
})
export class AppModule {}
