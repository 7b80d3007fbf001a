import { Module } from '@nestjs/common';
import { PlatformModule } from '@platform/nest-kit';
import { GreetingsModule } from './greetings/greetings.module.js';
import { SERVICE_NAME } from './service.constants.js';

@Module({
  imports: [PlatformModule.forRoot({ name: SERVICE_NAME }), GreetingsModule],
})
export class AppModule {}
