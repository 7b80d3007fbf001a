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
