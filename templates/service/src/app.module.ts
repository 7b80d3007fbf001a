import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@platform/nest-kit';
import { SERVICE_NAME } from './service.constants.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

@Module({
  imports: [PlatformModule.forRoot({ name: SERVICE_NAME, version })],
})
export class AppModule {}
