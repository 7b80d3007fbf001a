import 'reflect-metadata';
import { bootstrapService } from '@platform/nest-kit';
import { AppModule } from './app.module.js';
import { DEFAULT_TCP_PORT, SERVICE_NAME } from './service.constants.js';

await bootstrapService(AppModule, { name: SERVICE_NAME, defaultTcpPort: DEFAULT_TCP_PORT });
