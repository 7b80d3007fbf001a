/* global document, requestAnimationFrame -- page.evaluate bodies run in the browser */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRow } from '../lib/report.mjs';
import { BIN, sleep } from '../lib/proc.mjs';
import { VALUE_1KB } from './kafka.mjs';

const KCAT = process.env.BENCH_KCAT ?? '/usr/bin/kcat';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function browser() {
  const { chromium } = await import('playwright-core');
  const b = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return { b, page: await b.newPage({ viewport: { width: 1440, height: 900 } }) };
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** The link `platform up` prints, read as soon as the supervisor has written it. */
function dashboardLink(stateDir) {
  try {
    const state = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8'));
    const token = readFileSync(join(stateDir, 'dashboard.token'), 'utf8').trim();
    return state.dashboard?.url && !state.dashboard.error ? `${state.dashboard.url}?token=${token}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * From `platform up` to the dashboard's first useful paint (the services table, every process
 * listed) and to every service shown healthy, in a real browser opened as soon as the link exists.
 * The peer is the same run's terminal: `platform up` exiting with its table.
 */
export const dashboardPaint = {
  id: 'dashboard-paint',
  title: 'dashboard first useful paint',
  needsStack: false,
  skipWhenUsingRunning: 'it starts and stops stacks',
  async run(ctx) {
    const { stack } = ctx;
    const stateDir = stack.env.PLATFORM_STATE_DIR;
    await stack.down();
    const paint = [];
    const healthy = [];
    const upExit = [];
    const runs = ctx.runs ?? (ctx.quick ? 1 : 2);
    for (let i = 0; i < runs; i++) {
      const { b, page } = await browser();
      try {
        const start = performance.now();
        const up = spawn(process.execPath, [BIN, 'up', '--timeout', '600'], {
          cwd: stack.project.dir,
          env: { ...process.env, ...stack.env, NO_COLOR: '1' },
          stdio: 'ignore',
        });
        let upMs;
        const exited = new Promise((resolve) =>
          up.once('exit', () => {
            upMs = performance.now() - start;
            resolve();
          }),
        );
        let link;
        while (!(link = dashboardLink(stateDir))) {
          if (upMs !== undefined) throw new Error('platform up exited before the dashboard was up');
          await sleep(50);
        }
        await page.goto(link);
        await page.locator('[data-testid="services"] tbody tr').first().waitFor({ timeout: 600_000 });
        paint.push(performance.now() - start);
        await page.waitForFunction(
          () => {
            const states = [...document.querySelectorAll('[data-testid="services"] tbody tr [data-state]')].map((e) =>
              e.getAttribute('data-state'),
            );
            return states.length > 2 && states.every((s) => s === 'healthy');
          },
          undefined,
          { timeout: 600_000, polling: 100 },
        );
        healthy.push(performance.now() - start);
        await exited;
        upExit.push(upMs);
        ctx.log(
          `  run ${i + 1}: first paint ${(paint.at(-1) / 1000).toFixed(2)} s, all healthy in the page ${(healthy.at(-1) / 1000).toFixed(2)} s, platform up exited ${(upMs / 1000).toFixed(2)} s`,
        );
      } finally {
        await b.close();
        await stack.down();
      }
    }
    return [
      makeRow({
        benchmark: 'dashboard',
        caseName: 'from `platform up` to the first useful paint (services table)',
        metric: 'wall time from spawning `platform up`',
        unit: 's',
        better: 'lower',
        ours: {
          label: 'dashboard shows every process (browser opened when the link exists)',
          samples: paint.map((x) => x / 1000),
          extra: { allHealthyInPageS: healthy.map((x) => Math.round(x) / 1000) },
        },
        peer: { label: 'the terminal: `platform up` exits with its table', samples: upExit.map((x) => x / 1000) },
        notes:
          'the dashboard starts before Kafka, so the page shows the stack starting long before `up` returns; all-healthy-in-page time is in ours.allHealthyInPageS',
      }),
    ];
  },
};

/**
 * The dashboard process's memory (it runs inside the supervisor) while a browser tails a topic that
 * receives 1,000 msg/s (1 KB each) for a minute; the peer is kcat tailing the same topic at the same time.
 */
export const dashboardTailMemory = {
  id: 'dashboard-tail-memory',
  title: 'dashboard memory while tailing 1,000 msg/s',
  needsStack: true,
  async run(ctx) {
    const { stack } = ctx;
    const seconds = ctx.quick ? 10 : 60;
    const rate = 1000;
    const topic = `bench.dashboard.${Date.now()}`;
    await stack.run(['kafka', 'topics', 'create', topic, '-p', '3']);
    const state = await stack.status();
    const link = JSON.parse((await stack.run(['dashboard', '--json'])).stdout).url;
    const { b, page } = await browser();
    const kcat = existsSync(KCAT)
      ? spawn(KCAT, ['-C', '-q', '-b', stack.kafkaBrokers[0], '-t', topic, '-o', 'end'], { stdio: ['ignore', 'ignore', 'ignore'] })
      : undefined;
    ctx.onCleanup(() => kcat?.kill('SIGKILL'));
    try {
      await page.goto(link);
      await page.goto(new URL('/#/kafka', link).href);
      await page.locator('select[name="tail-topic"]').selectOption(topic);
      await page.getByRole('button', { name: 'Start tail' }).click();
      await page.locator('.live-tailing').waitFor({ timeout: 60_000 });
      const baseline = rssMb(state.supervisorPid);
      const ours = [];
      const peer = [];
      const producing = stack.run(
        ['send', 'kafka', topic, VALUE_1KB, '--count', String(rate * seconds), '--rate', String(rate), '--acks', '1', '--json'],
        { timeoutMs: (seconds + 120) * 1000 },
      );
      let done = false;
      producing.finally(() => (done = true)).catch(() => {});
      while (!done) {
        await sleep(2000);
        ours.push(rssMb(state.supervisorPid));
        if (kcat) peer.push(rssMb(kcat.pid));
      }
      const produced = await producing;
      await sleep(2000);
      const shown = await page.locator('[data-testid="tail"] .message').count();
      const responsive = await page.evaluate(
        () =>
          new Promise((r) => {
            const t = performance.now();
            requestAnimationFrame(() => r(performance.now() - t));
          }),
      );
      ctx.log(
        `  supervisor RSS ${baseline.toFixed(0)} MB before, peak ${Math.max(...ours).toFixed(0)} MB; kcat peak ${Math.max(...peer).toFixed(0)} MB; ${rate * seconds} produced in ${(produced.ms / 1000).toFixed(1)} s; page shows ${shown}, next frame in ${responsive.toFixed(0)} ms`,
      );
      return [
        makeRow({
          benchmark: 'dashboard',
          caseName: `browser tails a topic at ${rate} msg/s x 1 KB for ${seconds} s`,
          metric: 'resident memory during the run (MB)',
          unit: 'MB',
          better: 'lower',
          ours: {
            label: 'supervisor process (dashboard + control API + OTLP receiver)',
            samples: ours,
            extra: {
              baselineMb: Math.round(baseline),
              growthMb: Math.round(Math.max(...ours) - baseline),
              messagesShownInPage: shown,
              nextFrameMs: Math.round(responsive),
            },
          },
          peer: { label: 'kcat -C tailing the same topic', samples: peer.length ? peer : [NaN] },
          goals: [{ text: 'growth <= 100 MB', value: Math.max(...ours) - baseline, test: (g) => g <= 100 }],
        }),
      ];
    } finally {
      kcat?.kill('SIGTERM');
      await b.close();
      await stack.run(['kafka', 'topics', 'delete', topic], { okCodes: [0, 1, 2, 3] }).catch(() => {});
    }
  },
};
