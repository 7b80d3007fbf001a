import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { PlatformController } from './platform.controller.js';
import { HealthRegistry } from './health.js';
import { CorrelationInterceptor } from './correlation.interceptor.js';
import { SERVICE_INFO, type ServiceInfo } from './service-info.js';
import { serviceConfig } from './config.js';

/** Import once in a service's AppModule: health, describe, correlation ids. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(opts: { name: string; version?: string }): DynamicModule {
    const cfg = serviceConfig(process.env, { name: opts.name, tcpPort: 0 });
    const info: ServiceInfo = { name: cfg.name, instance: cfg.instance, version: opts.version ?? '0.0.0' };
    return {
      module: PlatformModule,
      imports: [DiscoveryModule],
      controllers: [PlatformController],
      providers: [
        HealthRegistry,
        { provide: SERVICE_INFO, useValue: info },
        { provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor },
      ],
      exports: [HealthRegistry, SERVICE_INFO],
    };
  }
}
