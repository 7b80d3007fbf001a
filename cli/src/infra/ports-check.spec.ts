import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeOffset, isPortFree } from './ports-check.js';

const servers: Server[] = [];
const listen = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const s = createServer();
    servers.push(s);
    s.once('error', reject);
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve());
  });

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('freeOffset', () => {
  // Base ports in a range nothing of the test lanes uses (below the ephemeral ports, and no stack of the tests declares them).
  const base = [30510, 30511];

  it('skips an offset at which one port is taken and names the next one where all are free', async () => {
    await listen(base[1] + 1000);
    expect(await isPortFree(base[1] + 1000)).toBe(false);
    expect(await freeOffset(base, 0)).toBe(2000);
  });

  it('starts above the offset in use and gives up past port 65535', async () => {
    expect(await freeOffset(base, 1000)).toBe(2000);
    expect(await freeOffset([65000], 0)).toBeUndefined();
  });
});
