import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';

/**
 * Where the running service listens: its declared ports (package.json "platform") shifted by
 * PLATFORM_PORT_OFFSET, exactly as `platform up` starts it. TCP_PORT / HTTP_PORT win when set.
 */
const declaration = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    platform: { tcpPort: number; httpPort?: number };
  }
).platform;
const offset = Number(process.env.PLATFORM_PORT_OFFSET ?? 0);

export const host = process.env.PLATFORM_HOST ?? '127.0.0.1';
export const tcpPort = Number(process.env.TCP_PORT ?? declaration.tcpPort + offset);
export const httpPort = Number(process.env.HTTP_PORT ?? (declaration.httpPort ?? 0) + offset);

/** A Nest TCP client to the running service, as another service would call it. */
export async function connectTcp(): Promise<ClientProxy & { request<T = unknown>(pattern: string, data?: unknown): Promise<T> }> {
  const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host, port: tcpPort } });
  await client.connect();
  return Object.assign(client, {
    request: <T>(pattern: string, data: unknown = {}) => firstValueFrom(client.send<T>(pattern, data)),
  });
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    } catch (e) {
      if (Date.now() > end) throw e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
