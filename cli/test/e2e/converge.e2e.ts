import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { readState, type StackState } from '../../src/stack/state.js';
import { BIN, DEMO_KEYS, eventually, OFFSET, platform, platformJson, ROOT, stack } from '../support/stack.js';

/** `platform up` converges: whatever the asked services miss is started, and a failed start says why. */
const status = () => platformJson<StackState>(['status']);
const instances = (s: StackState, name: string) => s.processes.filter((p) => p.name === name);
const allHealthy = async () => (await status()).processes.every((p) => p.state === 'healthy');

/** Pids of processes started with this environment variable (a test's own state dir). */
function pidsWithEnv(name: string, value: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${name}=${value}`);
      } catch {
        return false;
      }
    });
}

describe('up converges a running stack', () => {
  it('scale to 0 keeps the service listed; scale, restart and up bring it back', { timeout: 180_000 }, async () => {
    const zero = await platformJson<StackState>(['scale', 'notifications=0']);
    expect(zero.desired.notifications).toBe(0);
    expect(instances(zero, 'notifications')).toMatchObject([{ state: 'stopped', detail: 'scaled to 0' }]);
    expect((await platform(['status'])).stdout).toMatch(/notifications .*stopped .*scaled to 0/);

    const two = await platformJson<StackState>(['scale', 'notifications=2']);
    expect(instances(two, 'notifications').map((p) => p.state)).toEqual(['healthy', 'healthy']);

    await platformJson(['scale', 'notifications=0']);
    const restart = await platform(['restart', 'notifications']);
    expect(restart.exitCode, restart.stderr).toBe(0);
    expect(instances(await status(), 'notifications')).toMatchObject([{ state: 'healthy' }]);

    await platformJson(['scale', 'notifications=0']);
    const up = await platform(['up', 'notifications']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/notifications: scaled to 0 -> healthy/);
    expect(instances(await status(), 'notifications')).toMatchObject([{ state: 'healthy' }]);

    const again = await platform(['up']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toMatch(/nothing to do/);
  });

  it('status --json gives each process a host and a port per transport', async () => {
    const s = await status();
    const gateway = s.processes.find((p) => p.name === 'gateway')!;
    expect(gateway.endpoint).toEqual({ host: '127.0.0.1', ports: { tcp: stack.tcpPort(4000), http: 3000 + OFFSET } });
    expect(s.processes.find((p) => p.name === 'kafka')!.endpoint).toEqual({ host: '127.0.0.1', ports: { kafka: 9092 + OFFSET } });
  });

  it('refuses other infrastructure than the running stack uses, naming the flag and `platform down`', async () => {
    const infra = await platform(['up', '--infra', 'external', '--mongo-url', 'mongodb://127.0.0.1:1/x', '--kafka-brokers', '127.0.0.1:1']);
    expect(infra.exitCode).toBe(2);
    expect(infra.stderr).toMatch(/--infra/);
    expect(infra.stderr).toMatch(/platform down/);
    const bogus = await platform(['up', '--infra', 'bogus']);
    expect(bogus.exitCode).toBe(2);
    expect(bogus.stderr).toMatch(/unknown infrastructure provider "bogus"/);
    // Other ports than the running stack's: not "nothing to do" over a stack on the old ones.
    const moved = await platform(['up'], { env: { PLATFORM_PORT_OFFSET: String(OFFSET + 1) } });
    expect(moved.exitCode).toBe(2);
    expect(moved.stderr).toContain(`the running stack uses PLATFORM_PORT_OFFSET=${OFFSET}, not ${OFFSET + 1}`);
  });

  it('kill kafka: the supervisor restarts the broker', { timeout: 120_000 }, async () => {
    const before = (await status()).processes.find((p) => p.name === 'kafka')!;
    const k = await platform(['kill', 'kafka']);
    expect(k.exitCode, k.stderr).toBe(0);
    await eventually(
      async () => {
        const now = (await status()).processes.find((p) => p.name === 'kafka')!;
        return now.state === 'healthy' && now.pid !== before.pid && now.restarts > before.restarts; // once, unless the first restart failed its readiness check
      },
      90_000,
      500,
    );
    await eventually(allHealthy, 60_000, 500);
  });

  it('the control port refuses a request without the stack token', async () => {
    const s = await status();
    const res = await fetch(`http://127.0.0.1:${s.controlPort}/status`);
    expect(res.status).toBe(401);
    const scaled = await fetch(`http://127.0.0.1:${s.controlPort}/desired`, {
      method: 'PUT',
      body: JSON.stringify({ instances: { ledger: 0 } }),
    });
    expect(scaled.status).toBe(401);
    expect((await status()).desired.ledger).toBe(1);
  });
});

describe('an interrupted demo', () => {
  it('Ctrl-C during the checkpoint step puts back the instance counts; up finds nothing to do', { timeout: 180_000 }, async () => {
    const demo = execa(process.execPath, [BIN, 'demo', 'happy-path', '--ci'], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });
    // The checkpoint step stops the Kafka consumers and producers first: interrupt right then. The
    // window lasts seconds; state.json is read directly, as a `platform status` per poll can take longer.
    const stateDir = process.env.PLATFORM_STATE_DIR ?? join(ROOT, '.platform');
    await eventually(() => Object.values(readState(stateDir)?.desired ?? {}).includes(0), 60_000, 20);
    demo.kill('SIGINT');
    const r = await demo;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toMatch(/Putting back the instance counts/);
    await eventually(async () => Object.values((await status()).desired).every((n) => n === 1) && (await allHealthy()), 90_000, 500);
    const up = await platform(['up']);
    expect(up.exitCode).toBe(0);
    expect(up.stderr).toMatch(/nothing to do/);
    const reset = await platform(['reset']);
    expect(reset.exitCode, reset.stderr).toBe(0);
  });
});

describe('reset with a payment event still being retried', () => {
  it('no event from before the reset is published or posted after it', { timeout: 180_000 }, async () => {
    const log = join(process.env.PLATFORM_STATE_DIR ?? join(ROOT, '.platform'), 'logs', 'payments.log');
    const logFrom = readFileSync(log, 'utf8').length;
    expect((await platform(['kafka', 'topics', 'delete', 'payments.events'])).exitCode).toBe(0);
    const res = await fetch(`http://127.0.0.1:${3000 + OFFSET}/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${DEMO_KEYS.m_acme}`,
        'Idempotency-Key': `converge-${Date.now()}`,
      },
      body: JSON.stringify({ amount: 1234, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa' }),
    });
    expect(res.status).toBeLessThan(300);
    const { id } = (await res.json()) as { id: string };
    // The relay cannot publish (no topic, no auto-creation) and retries.
    await eventually(() => readFileSync(log, 'utf8').slice(logFrom).includes('outbox relay could not publish'), 30_000, 500);

    const reset = await platform(['reset']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 8000)); // longer than the relay's retry interval

    const events = await platform(['tail', 'payments.events', '--from-beginning', '--exit', '--format', 'json']);
    expect(events.stdout).not.toContain(id);
    const mongo = new MongoClient(stack.mongoUrl);
    try {
      expect(
        await mongo
          .db()
          .collection('payments')
          .countDocuments({ _id: id as never }),
      ).toBe(0);
      expect(JSON.stringify(await mongo.db().collection('ledger_postings').find({}).toArray())).not.toContain(id);
    } finally {
      await mongo.close();
    }
  });
});

describe('a failed start', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'converge-st-'));
  const env = { PLATFORM_STATE_DIR: stateDir, PLATFORM_PORT_OFFSET: String(OFFSET + 800) };
  const unreachable = ['up', '--infra', 'external', '--mongo-url', 'mongodb://127.0.0.1:1/x', '--kafka-brokers', '127.0.0.1:1'];

  it('exits 3 within the timeout, naming what does not answer, and leaves nothing running', { timeout: 120_000 }, async () => {
    const started = Date.now();
    const r = await platform([...unreachable, '--timeout', '30'], { env });
    const secs = (Date.now() - started) / 1000;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/mongo at 127\.0\.0\.1:1: connection refused/);
    expect(r.stderr).toMatch(/kafka at 127\.0\.0\.1:1: connection refused/);
    expect(secs).toBeLessThan(30);
    expect(pidsWithEnv('PLATFORM_STATE_DIR', stateDir)).toEqual([]);
    expect((await platform(['status'], { env })).exitCode).toBe(3);
  });

  it('Ctrl-C while up waits stops what it started, says so, and exits 1', { timeout: 120_000 }, async () => {
    const child = execa(process.execPath, [BIN, ...unreachable, '--timeout', '60'], { env, reject: false, all: true });
    let output = '';
    child.all!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => output.includes('Starting') && pidsWithEnv('PLATFORM_STATE_DIR', stateDir).length > 1, 60_000, 200);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/error: interrupted while starting/);
    expect(r.all).toMatch(/`up` stopped everything it started/);
    expect(pidsWithEnv('PLATFORM_STATE_DIR', stateDir)).toEqual([]);
    expect((await platform(['status'], { env })).exitCode).toBe(3);
  });

  it('--keep leaves it running, with the reason in status; the next up says what is wrong again', { timeout: 120_000 }, async () => {
    const r = await platform([...unreachable, '--timeout', '12', '--keep'], { env });
    expect(r.exitCode).toBe(3);
    try {
      const s = await platform(['status'], { env });
      expect(s.stdout).toMatch(/reason/);
      expect(s.stdout).toMatch(/mongo .*connection refused/);
      expect(s.stdout).toMatch(/ledger .*pending .*waiting for/);
      const again = await platform(['up', '--timeout', '5'], { env });
      expect(again.exitCode).not.toBe(0);
      expect(again.stderr).not.toMatch(/nothing to do/);
    } finally {
      await platform(['down'], { env });
    }
    expect(pidsWithEnv('PLATFORM_STATE_DIR', stateDir)).toEqual([]);
  });
});

describe('bad input is exit 2 and names the value', () => {
  it('PLATFORM_STATE_DIR naming a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'st-')), 'not-a-dir');
    writeFileSync(file, 'x');
    for (const command of [['up'], ['status']]) {
      const r = await platform(command, { env: { PLATFORM_STATE_DIR: file } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`${file} (PLATFORM_STATE_DIR) is a file`);
      expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('PLATFORM_STATE_DIR or PLATFORM_CACHE where no folder can be made (it used to hang)', async () => {
    const state = await platform(['up'], { env: { PLATFORM_STATE_DIR: '/proc/platform-e2e/state' }, timeout: 30_000 });
    expect(state.exitCode).toBe(2);
    expect(state.stderr).toContain("cannot create the stack's state folder /proc/platform-e2e/state: ENOENT");
    expect(state.stderr).toContain('PLATFORM_STATE_DIR');
    const out = mkdtempSync(join(tmpdir(), 'deploy-'));
    expect((await platform(['deploy', 'render', '--out', out])).exitCode).toBe(0);
    const cache = await platform(['deploy', 'check', '--out', out], {
      env: { PLATFORM_CACHE: '/proc/platform-e2e/cache' },
      timeout: 30_000,
    });
    expect(cache.exitCode).toBe(2);
    expect(cache.stderr).toContain('cannot create the download cache /proc/platform-e2e/cache: ENOENT');
  });

  it.each(['abc', '-5000', '1.5', '70000', '40000'])('PLATFORM_PORT_OFFSET=%s', async (value) => {
    const r = await platform(['up'], { env: { PLATFORM_PORT_OFFSET: value, PLATFORM_STATE_DIR: mkdtempSync(join(tmpdir(), 'st-')) } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`PLATFORM_PORT_OFFSET`);
    expect(r.stderr).toContain(value);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  // Not the CLI's input but a service's: one line naming the variable, then exit 1 (what `up` quotes
  // as the reason), instead of NaN: a sweep every millisecond, or every ledger call timing out.
  it.each([
    ['payments', 'OUTBOX_SWEEP_MS', 'abc'],
    ['payments', 'LEDGER_TIMEOUT_MS', '0'],
    ['ledger', 'HOLD_TTL_MS', '-1'],
    ['gateway', 'PEER_TIMEOUT_MS', '10s'],
  ])('%s with %s=%s', async (service, name, value) => {
    const r = await execa(process.execPath, ['dist/main.js'], {
      cwd: join(ROOT, 'services', service),
      env: { [name]: value, PLATFORM_SERVICE: service },
      reject: false,
      timeout: 30_000,
    });
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr).trim()).toMatch(
      new RegExp(`^${service}: ${name}="${value}" is not a number >= 1: set e\\.g\\. ${name}=\\d+ \\(the default\\), or unset it$`),
    );
  });

  it('an unwritable --junit path, before any step runs', async () => {
    const started = Date.now();
    const r = await platform(['demo', 'happy-path', '--ci', '--junit', '/proc/no/such/report.xml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--junit \/proc\/no\/such\/report\.xml: cannot write there/);
    expect(r.stdout).not.toMatch(/✓/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a payload the service rejects as invalid', async () => {
    const r = await platform(['send', 'tcp', 'ledger', 'ledger.balance', '{"accountId":5}']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/VALIDATION: invalid payload: accountId/);
  });

  it('tail takes --json like the other commands that print data', async () => {
    const r = await platform(['tail', 'payments.events', '--from-beginning', '--exit', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const line of r.stdout.split('\n').filter(Boolean)) expect(JSON.parse(line)).toHaveProperty('topic', 'payments.events');
    expect((await platform(['tail', 'payments.events', '--json', '--format', 'raw'])).exitCode).toBe(2);
  });
});
