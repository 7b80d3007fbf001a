import 'reflect-metadata';
import { bootstrapService } from '@platform/nest-kit';
import { AppModule } from './app.module.js';
import { GatewayExceptionFilter } from './http/gateway-exception.filter.js';
import { serveOpenApi } from './openapi/document.js';

// The gateway is the stack's HTTP front door: listen on 3000 unless the supervisor says otherwise.
process.env.HTTP_PORT ??= '3000';

await bootstrapService(AppModule, {
  name: 'gateway',
  defaultTcpPort: 4000,
  configure: (app) => {
    app.useGlobalFilters(new GatewayExceptionFilter());
    serveOpenApi(app);
  },
});
