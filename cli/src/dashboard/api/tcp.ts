import { randomUUID } from 'node:crypto';
import { usageError } from '../../errors.js';
import type { Request, Routes } from '../router.js';

/** Every running service's patterns with their schemas and a generated example (like grpcui). */
async function describeAll({ ctx }: Request) {
  const { TcpClient, TCP_PROFILES } = await import('../../transports/tcp/client.js');
  const { describeService, exampleFor, displayPattern } = await import('../../transports/tcp/describe.js');
  const { resolveServiceAddress } = await import('../../transports/tcp/address.js');
  const names = [
    ...new Set(
      ctx
        .state()
        .processes.filter((p) => p.kind === 'service')
        .map((p) => p.name),
    ),
  ].sort();
  return Promise.all(
    names.map(async (service) => {
      try {
        const addr = await resolveServiceAddress(service, { stateDir: ctx.paths.stateDir, servicesDir: ctx.paths.servicesDir });
        const client = new TcpClient(addr, { timeout: 'glance' });
        try {
          const d = await describeService(client, TCP_PROFILES.glance);
          return {
            service,
            address: client.address,
            patterns: d.patterns.map((p) => ({ ...p, display: displayPattern(p.pattern), example: exampleFor(p) })),
          };
        } finally {
          client.close();
        }
      } catch (e) {
        return { service, error: (e as Error).message, patterns: [] };
      }
    }),
  );
}

/**
 * One request (or event) through the CLI's own TCP client. A correlation id is added to object
 * payloads (nest-kit takes it off before validation), so the page can link the request's logs.
 */
async function send({ body }: Request) {
  const b = await body();
  const { sendTcp } = await import('../../transports/tcp/send.js');
  const { RemoteError } = await import('../../transports/tcp/client.js');
  if (typeof b.service !== 'string' || !b.service) throw usageError('service is required');
  if (b.pattern === undefined || b.pattern === '') throw usageError('pattern is required');
  const correlationId = `dash-${randomUUID()}`;
  const data = b.data && typeof b.data === 'object' && !Array.isArray(b.data) ? { ...b.data, correlationId } : (b.data ?? {});
  const started = performance.now();
  try {
    const reply = await sendTcp(b.service, b.pattern, data, { event: Boolean(b.event), timeoutMs: 10_000 });
    return { ok: true, reply: b.event ? undefined : reply, correlationId, ms: Math.round(performance.now() - started) };
  } catch (e) {
    if (e instanceof RemoteError) return { ok: false, error: e.body, correlationId, ms: Math.round(performance.now() - started) };
    throw e;
  }
}

export const tcpRoutes: Routes = {
  'GET /api/tcp/services': describeAll,
  'POST /api/tcp/send': send,
};
