import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, OFFSET, platform, platformJson, ROOT, sleep } from '../support/stack.js';
import type { StackState } from '../../src/stack/state.js';
import { discoverServices } from '../../src/stack/services.js';
import { isAlive } from '../../src/stack/state.js';

const alive = (pid: number) => isAlive(pid);
const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
const status = () => platformJson<StackState>(['status']);
/** These tests stop and start the whole stack (two JVMs and four services); a loaded 2-core machine needs minutes. */
const FULL_RESTART_MS = 300_000;
/** Documents per collection that only seeding and payment requests write (consumers may still be catching up on the rest). */
const kept = async () => {
  const all = await platformJson<{ collection: string; documents: number }[]>(['db']);
  return Object.fromEntries(
    all
      .filter((c) => ['merchants', 'customers', 'payment_methods', 'payments'].includes(c.collection))
      .map((c) => [c.collection, c.documents]),
  );
};
const declared = discoverServices(join(ROOT, 'services')).map((s) => s.name);

describe('platform up / status / down on the real stack', () => {
  it('reports kafka, mongo and every declared service as healthy', async () => {
    const state = await status();
    expect(state.phase).toBe('ready');
    const names = state.processes.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['kafka', 'mongo', ...declared]));
    for (const p of state.processes) {
      expect(p.state, `${p.name}: ${p.detail ?? ''}`).toBe('healthy');
      expect(alive(p.pid!)).toBe(true);
    }
  });

  it('does nothing but print the status when the stack is already up', async () => {
    const before = await status();
    const r = await platform(['up']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/every asked service is healthy; nothing to do/);
    expect(r.stdout).toMatch(/kafka/);
    const after = await status();
    expect(after.processes.map((p) => p.pid)).toEqual(before.processes.map((p) => p.pid));
  });

  it('restarts a service killed with -9 within seconds and counts the restart', async () => {
    const victim = (await status()).processes.find((p) => p.kind === 'service')!;
    process.kill(victim.pid!, 'SIGKILL');
    const back = await eventually(async () => {
      const p = (await status()).processes.find((x) => x.name === victim.name && x.instance === victim.instance)!;
      return p.state === 'healthy' && p.pid !== victim.pid ? p : undefined;
    }, 30_000);
    expect(back.restarts).toBeGreaterThan(victim.restarts); // once, unless the first restart failed its readiness check
    expect(alive(back.pid!)).toBe(true);
  });

  it('refuses unknown services, providers and log sources with exit 2 and the fix', async () => {
    const up = await platform(['up', 'no-such-service']);
    expect(up.exitCode).toBe(2);
    expect(up.stderr).toMatch(/unknown service: no-such-service/);
    expect(up.stderr).toMatch(/known services: /);
    expect(up.stderr).not.toMatch(/at .*\.js:\d+/);
    const infra = await platform(['up', '--infra', 'podman'], { env: { PLATFORM_STATE_DIR: mkdtempSync(join(tmpdir(), 'st-')) } });
    expect(infra.exitCode).toBe(2);
    expect(infra.stderr).toMatch(/native, docker, external/);
    const logs = await platform(['logs', 'nope']);
    expect(logs.exitCode).toBe(2);
    expect(logs.stderr).toMatch(/logs exist for: .*kafka/);
    const tail = await platform(['logs', 'payments', '--tail', 'ten']);
    expect(tail.exitCode).toBe(2);
    expect(tail.stderr).toMatch(/--tail "ten" is not a number of lines/);
  });

  it('logs --tail shows only the last lines of each log', async () => {
    const r = await platform(['logs', 'payments', '--tail', '3', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const all = (await platform(['logs', 'payments', '--json'])).stdout.trim().split('\n');
    expect(all.length).toBeGreaterThan(3);
    expect(lines).toEqual(all.slice(-3));
  });

  it('names the port and its holder when a port is taken', async () => {
    // A second stack (own state dir) on the same ports collides with the running one.
    const r = await platform(['up', '--infra', 'native'], { env: { PLATFORM_STATE_DIR: mkdtempSync(join(tmpdir(), 'st-')) } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/port \d+ is already in use by java \(pid \d+\)/);
    expect(r.stderr).toMatch(/PLATFORM_PORT_OFFSET/);
  });

  it('shows the log tail of a broker that fails to start, and leaves nothing running', async () => {
    // A cache whose Kafka jar is broken: the JVM starts and fails, as a bad install would.
    const cache = mkdtempSync(join(tmpdir(), 'cache-'));
    const libs = join(cache, 'kafka-4.1.1', 'libs');
    mkdirSync(libs, { recursive: true });
    writeFileSync(join(libs, '.complete'), '');
    writeFileSync(join(libs, 'kafka_2.13-4.1.1.jar'), 'not a jar');
    const r = await platform(['up', '--infra', 'native'], {
      env: { PLATFORM_CACHE: cache, PLATFORM_STATE_DIR: mkdtempSync(join(tmpdir(), 'st-')), PLATFORM_PORT_OFFSET: String(OFFSET + 700) },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/kafka/i);
    expect(r.stderr).toMatch(/ClassNotFoundException|Could not find or load main class/);
    expect(r.stderr).toMatch(/hint: /);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('names a missing toolchain and how to get it', async () => {
    const r = await platform(['infra', 'install'], {
      env: { PATH: '/nonexistent', PLATFORM_CACHE: mkdtempSync(join(tmpdir(), 'cache-')) },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/`(java|mvn)` is not on PATH/);
    expect(r.stderr).toMatch(/apt-get install/);
  });

  it(
    'down stops every process and frees the ports; a second concurrent up is refused; up again is healthy, with the data kept',
    async () => {
      const before = await status();
      const data = await kept();
      expect(data.customers).toBeGreaterThan(0);
      const down = await platform(['down']);
      expect(down.exitCode).toBe(0);
      for (const p of before.processes) expect(alive(p.pid!), `${p.name} still alive`).toBe(false);
      expect(alive(before.supervisorPid)).toBe(false);
      const ports = before.processes.flatMap((p) => [...p.address.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])));
      for (const port of ports) expect(await portFree(port), `port ${port}`).toBe(true);
      expect((await platform(['status'])).exitCode).toBe(3);

      const first = platform(['up']);
      await eventually(
        () => existsSync(join(ROOT, '.platform', 'up.lock')) || existsSync(join(process.env.PLATFORM_STATE_DIR ?? '', 'up.lock')),
        10_000,
        20,
      );
      const second = await platform(['up']);
      expect(second.exitCode).toBe(2);
      expect(second.stderr).toMatch(/another `platform up` is already running/);
      expect((await first).exitCode).toBe(0);
      expect((await status()).processes.every((p) => p.state === 'healthy')).toBe(true);
      expect(await kept()).toEqual(data);
    },
    FULL_RESTART_MS,
  );

  it(
    'recovers from a supervisor killed with -9: the next up cleans up and starts fresh',
    async () => {
      const before = await status();
      process.kill(before.supervisorPid, 'SIGKILL');
      await sleep(200);
      expect((await platform(['status'])).exitCode).toBe(3);
      const up = await platform(['up']);
      expect(up.exitCode, up.stderr).toBe(0);
      expect(up.stderr).toMatch(/did not stop cleanly/);
      for (const p of before.processes) expect(alive(p.pid!)).toBe(false);
      const after = await status();
      expect(after.processes.every((p) => p.state === 'healthy')).toBe(true);
    },
    FULL_RESTART_MS,
  );
});

describe('platform doctor', () => {
  it('checks the toolchain, the cache and the running stack, as JSON too', async () => {
    const r = await platformJson<{ ok: boolean; checks: { name: string; ok: boolean; detail: string }[] }>(['doctor']);
    expect(r.ok).toBe(true);
    const byName = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    for (const name of ['node', 'java', 'kafka 4.1.1 jars', 'database', 'stack']) expect(byName[name]?.ok, name).toBe(true);
    expect(byName.stack.detail).toMatch(/running/);
  });

  it('fails with each problem and its fix when tools are missing', async () => {
    const r = await platform(['doctor'], { env: { PATH: '/nonexistent', PLATFORM_CACHE: mkdtempSync(join(tmpdir(), 'cache-')) } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✗ java .*not found\n\s+fix: .*apt-get install/);
    expect(r.stdout).toMatch(/✗ kafka 4\.1\.1 jars .*\n\s+fix: run `platform infra install`/);
    expect(r.stderr).toMatch(/checks? failed/);
  });
});
