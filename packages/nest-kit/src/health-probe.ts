/**
 * Kubernetes exec probe for a platform service: sends the same `platform.health` TCP message that
 * `platform up` waits on, to this container's own port (TCP_PORT). Exit 0 when healthy, 1 otherwise.
 *   --alive  the service answers at all (liveness: a "degraded" service is alive, waiting on Kafka or Mongo)
 *   --ready  the service answers "ok" (readiness: every check passed)
 * Plain `node:net` and no Nest import, so a probe starts in tens of milliseconds.
 */
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';

const TIMEOUT_MS = 4000;

function requestHealth(port: number, host = '127.0.0.1', timeoutMs = TIMEOUT_MS): Promise<{ status?: string }> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const socket = connect({ port, host });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      const body = JSON.stringify({ pattern: 'platform.health', data: {}, id });
      socket.write(`${body.length}#${body}`);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const hash = buffer.indexOf('#');
      if (hash < 0) return;
      const length = Number(buffer.slice(0, hash));
      if (buffer.length - hash - 1 < length) return;
      clearTimeout(timer);
      socket.end();
      const reply = JSON.parse(buffer.slice(hash + 1, hash + 1 + length));
      if (reply.err) reject(new Error(JSON.stringify(reply.err)));
      else resolve(reply.response ?? {});
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function main(): Promise<void> {
  const ready = process.argv.includes('--ready');
  const port = Number(process.env.TCP_PORT);
  if (!Number.isInteger(port) || port <= 0) {
    console.error('health-probe: TCP_PORT is not set');
    process.exit(2);
  }
  try {
    const health = await requestHealth(port);
    if (ready && health.status !== 'ok') {
      console.error(`health-probe: ${JSON.stringify(health)}`);
      process.exit(1);
    }
  } catch (e) {
    console.error(`health-probe: ${(e as Error).message}`);
    process.exit(1);
  }
}

await main();
