import 'reflect-metadata';
import { bootstrapService } from '@platform/nest-kit';
import { AppModule } from './app.module.js';

await bootstrapService(AppModule, { name: 'notifications', defaultTcpPort: 4003 });
