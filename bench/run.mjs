#!/usr/bin/env node
// `npm run bench [-- <benchmark...>] [--quick] [--use-running] [--project repo|template|<dir>] [--out <dir>]`
// Runs each benchmark against its peer, alternating, and writes results.json and RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg as osLoadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderMarkdown } from './lib/report.mjs';
import { ROOT } from './lib/proc.mjs';
import { BenchStack, DEFAULT_OFFSET, resolveProject, WORK } from './lib/stack.mjs';
import cliStart from './benchmarks/cli-start.mjs';
import stackStart from './benchmarks/stack-start.mjs';
import tcp from './benchmarks/tcp.mjs';
import { kafkaConsume, kafkaProduce } from './benchmarks/kafka.mjs';
import seed from './benchmarks/seed.mjs';
import payment from './benchmarks/payment.mjs';
import dbEngine from './benchmarks/db-engine.mjs';
import tracing from './benchmarks/tracing.mjs';
import { buildTime, editToAnswer } from './benchmarks/dev-loop.mjs';
import { dashboardPaint, dashboardTailMemory } from './benchmarks/dashboard.mjs';

/** The one list of benchmarks, in the order they run. */
export const BENCHMARKS = [
  cliStart,
  stackStart,
  tcp,
  kafkaProduce,
  kafkaConsume,
  seed,
  payment,
  dbEngine,
  tracing,
  editToAnswer,
  buildTime,
  dashboardPaint,
  dashboardTailMemory,
];
const ALIASES = {
  kafka: ['kafka-produce', 'kafka-consume'],
  cli: ['cli-start'],
  stack: ['stack-start'],
  payments: ['payment'],
  db: ['db-engine'],
  dashboard: ['dashboard-paint', 'dashboard-tail-memory'],
};

const USAGE = `usage: npm run bench -- [benchmark...] [options]

benchmarks: ${BENCHMARKS.map((b) => b.id).join(', ')} (aliases: ${Object.keys(ALIASES).join(', ')}); default: all

options:
  --quick            tiny sizes and few runs (seconds): keeps the harness working, measures nothing
  --use-running      use the stack given by PLATFORM_PORT_OFFSET / PLATFORM_STATE_DIR (env BENCH_USE_RUNNING=1);
                     skips stack start. Without it the bench starts and stops its own stack at
                     PLATFORM_PORT_OFFSET=${DEFAULT_OFFSET} (BENCH_PORT_OFFSET) with state in bench/.work/state
  --project <p>      repo, template (a throwaway project with a generated TCP service "echo"), or a folder;
                     default: repo once services/gateway has sources, else template
  --runs <n>         timed runs per side (default: per benchmark)
  --out <dir>        where results.json and RESULTS.md go (default: bench/, quick runs: bench/.work/quick)
  --no-build         do not rebuild the CLI first (full runs build it so the numbers match the sources)`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      'use-running': { type: 'boolean', default: process.env.BENCH_USE_RUNNING === '1' },
      project: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void process.stdout.write(USAGE + '\n');

  const wanted = positionals.flatMap((p) => ALIASES[p] ?? [p]);
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.id === w));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark: ${unknown.join(', ')}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.id)) : BENCHMARKS;
  const useRunning = values['use-running'];
  const quick = values.quick;
  const outDir = resolve(values.out ?? (quick ? join(WORK, 'quick') : join(ROOT, 'bench')));
  const log = (msg) => process.stderr.write(`${msg}\n`);

  if (!values['no-build'] && !quick) buildCli(log);
  if (!existsSync(join(ROOT, 'cli', 'dist', 'main.js'))) throw new Error('the CLI is not built: run `npx tsc -p cli/tsconfig.json`');

  const offset = useRunning ? Number(process.env.PLATFORM_PORT_OFFSET ?? 0) : Number(process.env.BENCH_PORT_OFFSET ?? DEFAULT_OFFSET);
  const stateDir = useRunning ? resolve(process.env.PLATFORM_STATE_DIR ?? join(ROOT, '.platform')) : join(WORK, 'state');
  const project = useRunning && !values.project ? { dir: ROOT, kind: 'repo' } : resolveProject(values.project);
  const stack = new BenchStack({ useRunning, offset, stateDir, project });

  const cleanups = [];
  const onSignal = async (sig) => {
    log(`\n${sig}: cleaning up`);
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    if (stack.startedByUs || !useRunning) await stack.down();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results = {
    meta: {
      startedAt: new Date().toISOString(),
      finishedAt: undefined,
      quick,
      runs: values.runs ? Number(values.runs) : 'per benchmark',
      node: process.versions.node,
      commit: git(['rev-parse', '--short', 'HEAD']),
      // The bench's own method counts: a run with an edited benchmark is not the commit's result.
      dirty: Boolean(
        git(['status', '--porcelain', '--', 'cli/src', 'services', 'packages', 'bench/benchmarks', 'bench/lib', 'bench/peers']),
      ),
      host: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
        memGiB: Math.round(totalmem() / 2 ** 30),
        loadAtStart: loadavg(),
      },
      stack: {
        mode: useRunning ? 'already running (--use-running)' : 'started by the bench',
        portOffset: offset,
        stateDir,
        project: project.kind === 'repo' ? 'repository' : `${project.kind} (${project.dir})`,
      },
    },
    rows: [],
    skipped: [],
    errors: [],
  };

  const ctx = { quick, stack, log, runs: values.runs ? Number(values.runs) : undefined, onCleanup: (fn) => cleanups.push(fn) };
  try {
    for (const bench of selected) {
      if (useRunning && bench.skipWhenUsingRunning) {
        results.skipped.push({ benchmark: bench.id, reason: bench.skipWhenUsingRunning });
        continue;
      }
      log(`== ${bench.title}`);
      try {
        if (bench.needsStack) await stack.ensureUp(log);
        const rows = await bench.run(ctx);
        for (const r of rows)
          log(
            `   ${r.case}: ours ${r.ours.median} ${r.unit}, peer ${r.peer.median} ${r.unit}, ratio ${r.ratio}${r.met === null ? '' : r.met ? ' (goal met)' : ' (goal NOT met)'}`,
          );
        results.rows.push(...rows);
      } catch (e) {
        if (e?.skip) {
          results.skipped.push({ benchmark: bench.id, reason: e.message });
          log(`   skipped: ${e.message}`);
        } else {
          results.errors.push({ benchmark: bench.id, error: e?.message ?? String(e) });
          log(`   FAILED: ${e?.stack ?? e}`);
        }
      }
    }
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    if (stack.startedByUs) {
      log('stopping the bench stack');
      await stack.down();
    }
  }

  results.meta.finishedAt = new Date().toISOString();
  results.meta.loadAtEnd = loadavg();
  if (wanted.length)
    carryOver(
      results,
      join(outDir, 'results.json'),
      selected.map((b) => b.title),
    );
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const md = renderMarkdown(results);
  writeFileSync(join(outDir, 'RESULTS.md'), md);
  process.stdout.write(md);
  log(`wrote ${join(outDir, 'results.json')} and RESULTS.md`);
  if (results.errors.length) process.exitCode = 1;
}

function buildCli(log) {
  log('building the CLI (npx tsc -p cli/tsconfig.json)');
  try {
    execFileSync('npx', ['tsc', '-p', 'cli/tsconfig.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    log(
      `warning: the CLI build failed; measuring the existing cli/dist:\n${String(e.stdout ?? '')
        .split('\n')
        .slice(0, 10)
        .join('\n')}`,
    );
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A run of some benchmarks keeps the other benchmarks' rows of the previous results (same folder),
 * each marked with the run it comes from, so the table stays complete.
 */
function carryOver(results, file, ranTitles) {
  if (!existsSync(file)) return;
  const previous = JSON.parse(readFileSync(file, 'utf8'));
  const from = previous.meta?.startedAt ? `${previous.meta.startedAt}, commit ${previous.meta.commit}` : 'an earlier run';
  // A benchmark's rows may be named other than its title ('dev loop' for 'dev loop: edit to new
  // answer'): what this run wrote replaces the previous rows of the same name too.
  const ran = new Set([...ranTitles, ...results.rows.map((r) => r.benchmark)]);
  const kept = (previous.rows ?? [])
    .filter((r) => !ran.has(r.benchmark))
    .map((r) => ({ ...r, carriedOverFrom: r.carriedOverFrom ?? from }));
  results.rows.push(...kept);
  if (kept.length) results.meta.carriedOver = [...new Set(kept.map((r) => `${r.benchmark} (${r.carriedOverFrom})`))];
}

function loadavg() {
  return osLoadavg().map((x) => Number(x.toFixed(2)));
}

main().catch((e) => {
  process.stderr.write(`bench: ${e?.message ?? e}\n`);
  process.exitCode = 1;
});
