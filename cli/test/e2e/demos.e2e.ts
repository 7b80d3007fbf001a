import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { BIN, eventually, platform, platformJson, ROOT, sleep, stack } from '../support/stack.js';

/**
 * Scenarios (demos/*.yaml) through the real bin against the real stack: every built-in one
 * passes in --ci mode, bad files are refused before anything runs, failures explain themselves,
 * and presenter mode is driven in a real terminal (tmux).
 */
const BUILT_IN = ['happy-path', 'idempotency', 'crash-recovery', 'poison-message', 'consumer-scaling'];
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const dir = mkdtempSync(join(tmpdir(), 'platform-demos-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('platform demo --list', () => {
  it('lists every built-in scenario with its one-line description', async () => {
    const list = await platformJson<{ name: string; description: string; steps: number; error?: string }[]>(['demo', '--list']);
    for (const name of BUILT_IN) {
      const s = list.find((x) => x.name === name);
      expect(s, name).toBeDefined();
      expect(s!.error).toBeUndefined();
      expect(s!.description.length).toBeGreaterThan(20);
      expect(s!.steps).toBeGreaterThan(3);
    }
    const text = await platform(['demo', '--list']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/happy-path\s+\d+\s+One card payment/);
  });
});

describe('built-in scenarios in --ci mode', () => {
  for (const name of BUILT_IN) {
    it(`${name} passes and writes a JUnit report`, { timeout: 240_000 }, async () => {
      const junit = join(dir, `${name}.xml`);
      const r = await platform(['demo', name, '--ci', '--junit', junit]);
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`PASSED ${name}: \\d+ steps`));
      expect(r.stdout).not.toMatch(/✗/);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(new RegExp(`<testsuite name="${name}" tests="\\d+" failures="0" errors="0" skipped="0"`));
      expect(xml).toContain(`classname="demo.${name}"`);
      if (name === 'consumer-scaling') {
        // Who got what: the members, their partitions, and the messages of this run on them.
        expect(r.stdout).toMatch(/notifications-0 → payments\.events\[[\d,]+\], notifications-1 → payments\.events\[[\d,]+\]/);
        expect(r.stdout).toMatch(/member\s+payments\.events partitions\s+messages this run/);
        // The keys are random payment ids, so which member gets the six is chance (both
        // partitions of one member take all six about one run in eleven); the six are
        // shared out between the two members, each counted once.
        const whoGotWhat = r.stdout.slice(r.stdout.indexOf('who got what'), r.stdout.indexOf('12/13'));
        const handled = [...whoGotWhat.matchAll(/notifications-[01]\s+[\d, ]+\s+(\d+): pay_/g)];
        expect(
          handled.reduce((sum, m) => sum + Number(m[1]), 0),
          whoGotWhat,
        ).toBe(6);
        const status = await platformJson<{ processes: { name: string }[] }>(['status']);
        expect(status.processes.filter((p) => p.name === 'notifications')).toHaveLength(1);
      }
    });
  }
});

describe('a failing scenario', () => {
  it('stops at the failed step with expected vs actual, exits 1, and reports it in JUnit', async () => {
    const scenario = file(
      'fails.yaml',
      `description: expects the wrong status on purpose
steps:
  - http:
      path: /payments/pay_missing${RUN}
      headers: { Authorization: Bearer sk_test_acme_0TPlLnwYDL1H-5EwDSqF23Sq }
      expect: { status: 200, body: { status: captured } }
  - say: never reached
`,
    );
    const junit = join(dir, 'fails.xml');
    const r = await platform(['demo', scenario, '--ci', '--junit', junit]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✗ 1\/2 GET \/payments\/pay_missing/);
    expect(r.stdout).toMatch(/status\s+- expected 200\s+\+ actual\s+404/);
    expect(r.stdout).toMatch(/FAILED fails: 1 failed, 0 passed, 1 skipped/);
    expect(r.stderr).toMatch(/scenario fails failed at step 1 .*fails\.yaml:3/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<failure message="GET \/payments\/pay_missing\w+ answered 404, not as expected"/);
    expect(xml).toContain('<skipped/>');
  });

  it('runs as --ci when there is no terminal, and never waits for input', async () => {
    const scenario = file(
      'no-tty.yaml',
      `description: health only
steps:
  - pause: a presenter would stop here
  - http: { path: /health, expect: { status: 200 } }
`,
    );
    const r = await platform(['demo', scenario]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('No terminal: running as --ci');
    expect(r.stdout).toMatch(/PASSED no-tty: 2 steps/);
  });
});

describe('up and down steps', () => {
  it(
    'run `up` and `down` in the demo process: up on the running stack starts nothing, down without a stack stops nothing',
    { timeout: 120_000 },
    async () => {
      const before = await platformJson<{ processes: { name: string; pid?: number }[] }>(['status']);
      const up = await platform([
        'demo',
        file('up-again.yaml', 'description: up on a running stack\nsteps:\n  - up:\n  - up: { services: [gateway] }\n'),
        '--ci',
      ]);
      expect(up.exitCode, `${up.stdout}\n${up.stderr}`).toBe(0);
      expect(up.stdout).toMatch(/✓ 1\/2 start the stack → the stack is up/);
      expect(up.stdout).toMatch(/PASSED up-again: 2 steps/);
      const after = await platformJson<{ processes: { name: string; pid?: number }[] }>(['status']);
      expect(after.processes.map((p) => `${p.name}:${p.pid}`)).toEqual(before.processes.map((p) => `${p.name}:${p.pid}`));

      // Another state directory: no stack there, so `down` has nothing to stop and the shared stack stays up.
      const elsewhere = mkdtempSync(join(tmpdir(), 'platform-no-stack-'));
      const down = await platform(
        ['demo', file('down-nothing.yaml', 'description: down with nothing running\nsteps:\n  - down:\n'), '--json'],
        { env: { PLATFORM_STATE_DIR: elsewhere } },
      );
      expect(down.exitCode, down.stderr).toBe(0);
      expect(JSON.parse(down.stdout)).toMatchObject({
        passed: true,
        steps: [{ action: 'down', status: 'passed', summary: 'the stack is stopped' }],
      });
      expect((await platformJson<{ processes: unknown[] }>(['status'])).processes.length).toBe(before.processes.length);
    },
  );
});

describe('a malformed scenario', () => {
  it('is refused before any step runs, with file, line, column and what was expected', async () => {
    const key = `never-${RUN}`;
    const scenario = file(
      'broken.yaml',
      `description: the first step is fine, the third is not
steps:
  - http:
      method: POST
      path: /payments
      headers: { Authorization: Bearer sk_test_acme_0TPlLnwYDL1H-5EwDSqF23Sq, Idempotency-Key: ${key} }
      body: { amount: 100, currency: EUR, customerId: cus_alice, paymentMethodId: pm_alice_visa }
  - wait: 1s
  - expect:
      kafka: { topic: payments.events, cont: 1 }
      within: soon
`,
    );
    const r = await platform(['demo', scenario, '--ci']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no step was run');
    expect(r.stderr).toMatch(/broken\.yaml:10:40 {2}steps\[2\]\.expect\.kafka\.cont: unknown field "cont" \(did you mean "count"\?\)/);
    expect(r.stderr).toMatch(/broken\.yaml:11:15 {2}steps\[2\]\.expect\.within: expected a duration/);
    const mongo = new MongoClient(stack.mongoUrl);
    try {
      expect(await mongo.db().collection('payments').countDocuments({ idempotencyKey: key })).toBe(0);
    } finally {
      await mongo.close();
    }
  });

  it('names an unknown service, checkpoint or variable with its line', async () => {
    const scenario = file(
      'unknown.yaml',
      `description: names that do not exist
checkpoint: spotless
steps:
  - kill: notificatons
  - http: { path: "/payments/\${paymentId}" }
`,
    );
    const r = await platform(['demo', scenario, '--ci']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown\.yaml:5:\d+ {2}steps\[1\]\.http\.path: \$\{paymentId\} is not defined before this step/);
    const again = await platform([
      'demo',
      file(
        'unknown2.yaml',
        `description: names that do not exist
checkpoint: spotless
steps:
  - kill: notificatons
`,
      ),
      '--ci',
    ]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/unknown2\.yaml:2:13 {2}checkpoint: unknown checkpoint "spotless"; expected one of clean/);
    expect(again.stderr).toMatch(/unknown2\.yaml:4:11 {2}steps\[0\]\.kill: unknown service "notificatons"/);
  });

  it('an unknown scenario name lists the known ones', async () => {
    const r = await platform(['demo', 'happy-pth', '--ci']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown scenario "happy-pth"/);
    expect(r.stderr).toMatch(/happy-path/);
  });
});

describe('platform reset / scale / kill / restart', () => {
  it('reset empties the topics and reseeds the database in seconds', { timeout: 120_000 }, async () => {
    const r = await platformJson<{
      checkpoint: string;
      topics: string[];
      seeded: Record<string, number>;
      restarted: string[];
      groups: string[];
    }>(['reset', 'clean']);
    expect(r.checkpoint).toBe('clean');
    expect(r.topics).toEqual(expect.arrayContaining(['payments.events', 'payments.events.dlt']));
    expect(r.seeded.customers).toBe(4);
    // Producers stop too (payments' outbox relay), so nothing from before the reset is published after it.
    expect(r.restarted.sort()).toEqual(['ledger', 'notifications', 'payments']);
    const mongo = new MongoClient(stack.mongoUrl);
    try {
      expect(await mongo.db().collection('payments').countDocuments()).toBe(0);
      expect(await mongo.db().collection('customers').countDocuments()).toBe(4);
    } finally {
      await mongo.close();
    }
    // The restarted consumers are healthy when reset returns; the others may need one probe more.
    await eventually(
      async () => (await platformJson<{ processes: { state: string }[] }>(['status'])).processes.every((p) => p.state === 'healthy'),
      10_000,
    );
  });

  it('reset --list shows the checkpoints; an unknown one is exit 2', async () => {
    expect((await platform(['reset', '--list'])).stdout).toMatch(/clean\s+payment-flow/);
    const bad = await platform(['reset', 'dirty']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown checkpoint "dirty"/);
  });

  it('scale runs a second instance on its own ports, shown in status, and back', { timeout: 120_000 }, async () => {
    const up = await platformJson<{ processes: { name: string; instance: number; address: string; state: string }[] }>([
      'scale',
      'notifications=2',
    ]);
    const notif = up.processes.filter((p) => p.name === 'notifications');
    expect(notif.map((p) => p.instance)).toEqual([0, 1]);
    expect(notif[1].address).toContain(`:${stack.tcpPort(4003) + 100}`);
    expect(notif.every((p) => p.state === 'healthy')).toBe(true);
    const text = await platform(['status']);
    expect(text.stdout).toMatch(/notifications #1/);
    const down = await platformJson<{ processes: { name: string }[] }>(['scale', 'notifications=1']);
    expect(down.processes.filter((p) => p.name === 'notifications')).toHaveLength(1);
  });

  it('scale refuses bad input', async () => {
    expect((await platform(['scale', 'notifications'])).exitCode).toBe(2);
    expect((await platform(['scale', 'nobody=2'])).stderr).toMatch(/unknown service "nobody"/);
    expect((await platform(['scale', 'nobody=2'])).exitCode).toBe(2);
    expect((await platform(['scale', 'ledger=10'])).stderr).toMatch(/at most 9 instances/);
  });

  it('kill crashes a service and the supervisor brings it back; restart waits for health', { timeout: 120_000 }, async () => {
    const before = (await platformJson<{ processes: { name: string; pid: number; restarts: number }[] }>(['status'])).processes.find(
      (p) => p.name === 'payments',
    )!;
    const k = await platform(['kill', 'payments']);
    expect(k.exitCode).toBe(0);
    expect(k.stdout).toContain(`Killed payments (pid ${before.pid})`);
    await eventually(
      async () => {
        const p = (
          await platformJson<{ processes: { name: string; pid: number; state: string; restarts: number }[] }>(['status'])
        ).processes.find((x) => x.name === 'payments')!;
        return p.state === 'healthy' && p.pid !== before.pid && p.restarts > before.restarts; // once, unless the first restart failed its readiness check
      },
      60_000,
      500,
    );
    const r = await platform(['restart', 'payments']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Restarted payments; it is healthy');
    expect((await platform(['kill', 'nobody'])).exitCode).toBe(2);
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!hasTmux)('presenter mode in a real terminal (tmux)', () => {
  const session = `platform-demo-${RUN}`;
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', session, '-S', '-200');
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', session]);
  });

  it('shows each step with its command, runs it on Enter, and quits on q', { timeout: 60_000 }, async () => {
    const scenario = file(
      'presenter.yaml',
      `description: a short talk
steps:
  - say: |
      # Hello workshop
      We ask the **gateway** whether it is healthy.
  - title: is the gateway healthy?
    http: { path: /health, expect: { status: 200 } }
  - say: the end
`,
    );
    const env = Object.entries({
      PLATFORM_PORT_OFFSET: process.env.PLATFORM_PORT_OFFSET ?? '0',
      PLATFORM_STATE_DIR: process.env.PLATFORM_STATE_DIR ?? '',
      NO_COLOR: '1',
    })
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '40',
      `cd ${ROOT} && env ${env} ${process.execPath} ${BIN} demo ${scenario} --no-checkpoint; echo "EXIT=$?"; sleep 60`,
    );
    const waitFor = (re: RegExp) => eventually(() => re.test(screen()), 20_000, 100);

    await waitFor(/⏎ next/);
    let s = screen();
    expect(s).toContain('▶ presenter  a short talk');
    expect(s).toMatch(/━━ 1\/3 ━+/);
    expect(s).toContain('Hello workshop');
    expect(s).not.toContain('is the gateway healthy?'); // nothing ahead of the presenter

    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/2\/3 {2}is the gateway healthy\?/);
    await waitFor(/⏎ run/);
    s = screen();
    expect(s).toMatch(/\$ curl -s http:\/\/127\.0\.0\.1:\d+\/health/);
    expect(s).toContain('expects status 200');
    expect(s).not.toMatch(/✓ HTTP 200/); // waits for Enter before running

    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(/✓ HTTP 200/);
    await waitFor(/3\/3/);
    tmux('send-keys', '-t', session, 'q');
    await waitFor(/EXIT=0/);
    expect(screen()).toContain('Stopped after 2 steps.');
  });

  it('--auto runs on a timer with no key pressed', { timeout: 60_000 }, async () => {
    spawnSync('tmux', ['kill-session', '-t', session]);
    const scenario = file(
      'auto.yaml',
      `description: on a timer
steps:
  - say: one
  - http: { path: /health, expect: { status: 200 } }
`,
    );
    const env = `PLATFORM_PORT_OFFSET=${process.env.PLATFORM_PORT_OFFSET ?? '0'} ${process.env.PLATFORM_STATE_DIR ? `PLATFORM_STATE_DIR=${process.env.PLATFORM_STATE_DIR}` : ''} NO_COLOR=1`;
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '40',
      `cd ${ROOT} && env ${env} ${process.execPath} ${BIN} demo ${scenario} --auto 0.3; echo "EXIT=$?"; sleep 60`,
    );
    await eventually(() => /EXIT=0/.test(screen()), 30_000, 200);
    expect(screen()).toContain('All 2 steps passed.');
    await sleep(10);
  });
});
