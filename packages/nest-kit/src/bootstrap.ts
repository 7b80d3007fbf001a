import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ServerTCP, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestApplication } from '@nestjs/common';
import { serviceConfig, type ServiceConfig } from './config.js';
import { PinoLoggerService } from './logger.js';
import { instrumentTcpClients, instrumentTcpServer } from './tracing/nest-tcp.js';
import { traceparentResponseHeader } from './tracing/http-traceparent.js';
import { rpcValidationPipe } from './validation.js';
import { RpcErrorHttpFilter } from './http-error.filter.js';
import { waitForStartSignal } from './staged-start.js';

/** Largest TCP frame a service accepts; a bigger one closes that connection, not the service. */
export const MAX_TCP_FRAME = 1024 * 1024;

export interface BootstrapOptions {
  name: string;
  defaultTcpPort: number;
  /** Extra microservice transports (e.g. Kafka) to attach; receives the resolved config. */
  transports?: (cfg: ServiceConfig) => MicroserviceOptions[];
  /** Runs after the app is created and before it listens (HTTP pipes, filters...). */
  configure?: (app: INestApplication, cfg: ServiceConfig) => void | Promise<void>;
}

/**
 * Starts a platform service: TCP on 127.0.0.1 (health + describe + its own patterns), any extra
 * transports, and HTTP when HTTP_PORT is set. Exits non-zero if startup fails so the supervisor
 * restarts it with backoff.
 */
export async function bootstrapService(module: unknown, opts: BootstrapOptions): Promise<INestApplication> {
  const { cfg, logger } = configured(opts);
  instrumentTcpClients();
  await waitForStartSignal();
  try {
    const app = await NestFactory.create(module as never, { logger, abortOnError: false });
    // On SIGTERM: Nest's shutdown hooks, then process.exit, so the logger's last batch is flushed
    // (by default Nest re-raises the signal, which ends the process before 'exit' handlers run).
    app.enableShutdownHooks([], { useProcessExit: true });
    app.useGlobalPipes(rpcValidationPipe());
    const tcp = new ServerTCP({ host: cfg.host, port: cfg.tcpPort, maxBufferSize: MAX_TCP_FRAME, incompleteMessageTimeout: 10_000 });
    instrumentTcpServer(tcp, { service: cfg.name, host: cfg.host, port: cfg.tcpPort });
    app.connectMicroservice<MicroserviceOptions>({ strategy: tcp }, { inheritAppConfig: true });
    if (cfg.httpPort) {
      app.use(traceparentResponseHeader);
      app.useGlobalFilters(new RpcErrorHttpFilter());
    }
    for (const t of opts.transports?.(cfg) ?? []) app.connectMicroservice<MicroserviceOptions>(t, { inheritAppConfig: true });
    await opts.configure?.(app, cfg);
    await app.startAllMicroservices();
    if (cfg.httpPort) await app.listen(cfg.httpPort, cfg.host);
    else await app.init();
    logger.log({ msg: 'started', tcpPort: cfg.tcpPort, httpPort: cfg.httpPort }, 'Bootstrap');
    return app;
  } catch (e) {
    logger.fatal(e as Error, 'Bootstrap');
    process.exit(1);
  }
}

/** The service's settings and logger; a bad environment variable ends the process with one line naming it, no stack trace. */
function configured(opts: BootstrapOptions): { cfg: ServiceConfig; logger: PinoLoggerService } {
  try {
    const cfg = serviceConfig(process.env, { name: opts.name, tcpPort: opts.defaultTcpPort });
    return { cfg, logger: new PinoLoggerService(cfg.name) };
  } catch (e) {
    process.stderr.write(`${opts.name}: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
