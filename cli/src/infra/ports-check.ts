import { createServer } from 'node:net';
import { execa } from 'execa';

/** True when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Who holds a port, for the error message: "node (pid 1234)", or undefined when `ss` can't tell. */
export async function portHolder(port: number): Promise<string | undefined> {
  const r = await execa('ss', ['-H', '-ltnp', `sport = :${port}`], { reject: false, timeout: 2000 });
  const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(r.stdout ?? '');
  return m ? `${m[1]} (pid ${m[2]})` : undefined;
}

/**
 * The smallest PLATFORM_PORT_OFFSET, a multiple of 1000 above `current`, at which every port of
 * `basePorts` (the stack's ports without any offset) is free right now: what to suggest when a
 * port is taken, e.g. by another stack, instead of an offset that collides too.
 */
export async function freeOffset(basePorts: number[], current: number): Promise<number | undefined> {
  const highest = Math.max(...basePorts);
  for (let offset = (Math.floor(current / 1000) + 1) * 1000; highest + offset <= 65535; offset += 1000) {
    const free = await Promise.all(basePorts.map((port) => isPortFree(port + offset)));
    if (free.every(Boolean)) return offset;
  }
  return undefined;
}
