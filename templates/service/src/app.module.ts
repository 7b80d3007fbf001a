import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@platform/nest-kit';
import { SERVICE_NAME } from './service.constants.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// One module per line: the Nest schematics and `platform generate` add modules to this list.
// prettier-ignore
@Module({
  imports: [
    PlatformModule.forRoot({ name: SERVICE_NAME, version }),
  ],
})
export class AppModule {}
