import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRow } from '../lib/report.mjs';
import { alternate, median } from '../lib/stats.mjs';
import { BIN, platform, ROOT, sleep, timed } from '../lib/proc.mjs';
import { WORK } from '../lib/stack.mjs';

const SERVICES = ['gateway', 'payments', 'ledger', 'notifications'];

/**
 * Edit-to-answer: a one-line change to a handler's reply, from the file write to the new reply over
 * TCP, under `platform up --watch` (nest build, supervisor restart, health) against `nest start
 * --watch` alone (SWC watch, respawn) on a twin copy of the same service, in the same run. Each side
 * edits its own copy, so neither rebuilds for the other's edit.
 */
export const editToAnswer = {
  id: 'dev-loop',
  title: 'dev loop: edit to new answer',
  needsStack: true,
  async run(ctx) {
    const { stack } = ctx;
    const dir = join(WORK, 'dev-loop');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'services'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'dev-loop-bench', private: true, workspaces: ['services/*'] }));
    copyFileSync(join(ROOT, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
    const offset = stack.offset + 70;
    const env = { PLATFORM_ROOT: dir, PLATFORM_STATE_DIR: join(dir, '.state'), PLATFORM_PORT_OFFSET: String(offset) };
    const gen = await platform(
      ['g', 'service', 'echo', '--transport', 'tcp', '--port', '4100', '--yes', '--no-install', '--no-build', '--json'],
      { cwd: dir, env },
    );
    if (gen.code !== 0) throw new Error(`generate failed: ${gen.stderr}`);
    // The peer's twin: the same service outside services/, so `up` neither runs nor watches it.
    cpSync(join(dir, 'services', 'echo'), join(dir, 'twin', 'echo'), { recursive: true });
    const oursFile = join(dir, 'services', 'echo', 'src', 'greetings', 'greetings.service.ts');
    const peerFile = join(dir, 'twin', 'echo', 'src', 'greetings', 'greetings.service.ts');
    const template = readFileSync(oursFile, 'utf8');
    const oursPort = 4100 + offset;
    const peerPort = oursPort + 1;

    const watcher = spawn(
      process.execPath,
      [BIN, 'up', '--watch', '--infra', 'external', '--kafka-brokers', stack.kafkaBrokers.join(','), '--mongo-url', stack.mongoUrl],
      { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const peer = spawn(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'start', '--watch'], {
      cwd: join(dir, 'twin', 'echo'),
      env: { ...process.env, TCP_PORT: String(peerPort), PLATFORM_SERVICE: 'echo' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let watchOut = '';
    watcher.stdout.on('data', (c) => (watchOut += c));
    watcher.stderr.on('data', (c) => (watchOut += c));
    peer.stdout.resume();
    peer.stderr.resume();
    const stop = async () => {
      watcher.kill('SIGINT');
      try {
        process.kill(-peer.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await platform(['down'], { cwd: dir, env, okCodes: [0, 3] }).catch(() => {});
    };
    ctx.onCleanup(stop);
    try {
      const { requestOnce } = await import('../../cli/dist/transports/tcp/client.js');
      const greeting = async (port) => (await requestOnce('127.0.0.1', port, 'echo.greet', { name: 'Ada' }, 1000))?.greeting;
      const until = async (what, check, ms) => {
        const end = Date.now() + ms;
        for (;;) {
          try {
            if (await check()) return;
          } catch {
            /* not answering yet */
          }
          if (Date.now() > end) throw new Error(`${what} did not happen in ${ms / 1000} s\n${watchOut.slice(-2000)}`);
          await sleep(20);
        }
      };
      await until('up --watch watching', () => watchOut.includes('Watching'), 600_000);
      await until('nest start --watch answering', async () => (await greeting(peerPort)) === 'Hello, Ada!', 300_000);
      let n = 0;
      const edit = (file, port) => async (i) => {
        const word = `Edit${++n}`;
        const start = process.hrtime.bigint();
        writeFileSync(file, template.replace('`Hello, ${name}!`', `\`${word}, \${name}!\``));
        await until(`the new reply on port ${port}`, async () => (await greeting(port)) === `${word}, Ada!`, 120_000);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        ctx.log(
          `  ${port === oursPort ? 'up --watch' : 'nest start --watch'} ${i < 0 ? '(warm-up)' : `#${i + 1}`}: ${(ms / 1000).toFixed(2)} s`,
        );
        await sleep(1000); // let the restart settle before the other side is timed
        return ms;
      };
      const s = await alternate({
        runs: ctx.runs ?? (ctx.quick ? 1 : 5),
        warmup: 1,
        ours: edit(oursFile, oursPort),
        peer: edit(peerFile, peerPort),
      });
      return [
        makeRow({
          benchmark: 'dev loop',
          caseName: 'one-line handler change, one TCP service',
          metric: 'file write to the new reply over TCP',
          unit: 's',
          better: 'lower',
          ours: {
            label: 'platform up --watch (SWC on the changed files + supervised restart + health)',
            samples: s.ours.map((x) => x / 1000),
          },
          peer: { label: 'nest start --watch alone (SWC watch + respawn)', samples: s.peer.map((x) => x / 1000) },
          goals: [{ text: 'ours <= 3 s (median)', value: median(s.ours) / 1000, test: (v) => v <= 3 }],
        }),
      ];
    } finally {
      await stop();
    }
  },
};

/** `nest build` with SWC (what the services use) against tsc, over the four reference services, each from nothing. */
export const buildTime = {
  id: 'build-time',
  title: 'build of the four services: SWC vs tsc',
  needsStack: false,
  async run(ctx) {
    const dirs = SERVICES.map((s) => join(ROOT, 'services', s));
    const nest = join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const all = (one) => async (i) => {
      let ms = 0;
      for (const dir of dirs) ms += (await one(dir)).ms;
      ctx.log(`  ${one.label} ${i < 0 ? '(warm-up)' : `#${i + 1}`}: ${(ms / 1000).toFixed(2)} s`);
      return ms;
    };
    const swcBuild = Object.assign(
      (dir) => timed(process.execPath, [nest, 'build'], { cwd: dir, env: { RUST_BACKTRACE: '0' }, stdout: 'ignore' }),
      { label: 'nest build (SWC)' },
    );
    // Into a scratch folder and without the incremental cache: a full compile, as a clean build does.
    const tscBuild = Object.assign(
      (dir) =>
        timed(
          process.execPath,
          [tsc, '-p', 'tsconfig.json', '--incremental', 'false', '--outDir', join(WORK, 'tsc-out', dir.split('/').pop())],
          { cwd: dir, stdout: 'ignore' },
        ),
      { label: 'tsc' },
    );
    const s = await alternate({
      runs: ctx.runs ?? (ctx.quick ? 1 : 3),
      warmup: ctx.runs ? 0 : 1,
      ours: all(swcBuild),
      peer: all(tscBuild),
    });
    return [
      makeRow({
        benchmark: 'service build',
        caseName: `${SERVICES.join(', ')}, one after another`,
        metric: 'wall time of the four builds',
        unit: 's',
        better: 'lower',
        ours: { label: 'nest build, SWC builder (no type-check)', samples: s.ours.map((x) => x / 1000) },
        peer: { label: 'tsc -p tsconfig.json (type-checks)', samples: s.peer.map((x) => x / 1000) },
        notes: 'SWC does not type-check: `npm run typecheck` (tsc --noEmit) runs in CI instead',
      }),
    ];
  },
};
