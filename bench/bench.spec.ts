import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { alternate, median, percentile, warmUntilSteady } from './lib/stats.mjs';
import { makeRow, renderMarkdown } from './lib/report.mjs';

const RUN = fileURLToPath(new URL('./run.mjs', import.meta.url));
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [RUN, ...args], { env: { ...process.env, NO_COLOR: '1' } }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: String(e.stdout), stderr: String(e.stderr) }),
  );

describe('bench statistics', () => {
  it('takes medians of odd and even counts and nearest-rank percentiles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('alternates ours and the peer after an untimed warm-up, keeping only timed samples', async () => {
    const calls: string[] = [];
    const s = await alternate({
      runs: 3,
      warmup: 1,
      ours: async (i: number) => (calls.push(`ours${i}`), 10 + i),
      peer: async (i: number) => (calls.push(`peer${i}`), 20 + i),
    });
    expect(calls).toEqual(['ours-1', 'peer-1', 'ours0', 'peer0', 'ours1', 'peer1', 'ours2', 'peer2']);
    expect(s).toEqual({ ours: [10, 11, 12], peer: [20, 21, 22] });
  });

  it('warms up until two runs in a row no longer beat the best before them by 5%, within its bounds', async () => {
    const from = (rates: number[]) => {
      let i = 0;
      return () => Promise.resolve(rates[i++]);
    };
    // A fresh stack getting faster, then level twice: stops there.
    expect(await warmUntilSteady(from([77, 104, 146, 160, 162, 158, 170]))).toEqual([77, 104, 146, 160, 162, 158]);
    // One flat run is not enough (it was followed by a rise once).
    expect(await warmUntilSteady(from([81, 114, 129, 132, 160, 161, 150, 300]))).toEqual([81, 114, 129, 132, 160, 161, 150]);
    // The minimum is always run; still rising at the cap: stops there.
    expect(await warmUntilSteady(from([150, 120, 119, 200]), { minRuns: 3 })).toEqual([150, 120, 119]);
    expect(await warmUntilSteady(from([1, 2, 4, 8, 16]), { maxRuns: 4 })).toEqual([1, 2, 4, 8]);
  });
});

describe('bench report', () => {
  const row = (ours: number[], peer: number[]) =>
    makeRow({
      benchmark: 'Kafka produce',
      caseName: '1 KB',
      metric: 'msg/s',
      unit: 'msg/s',
      better: 'higher',
      ours: { label: 'platform send kafka', samples: ours },
      peer: { label: 'kcat -P', samples: peer },
      goals: [{ text: '>= 1.0x', test: (r: number) => r >= 1 }],
    });

  it('computes the ratio of medians and checks the goal both ways', () => {
    const slow = row([50, 60, 70], [100, 120, 140]);
    expect(slow.ours.median).toBe(60);
    expect(slow.ratio).toBe(0.5);
    expect(slow.met).toBe(false);
    expect(row([150, 150, 150], [100, 100, 100]).met).toBe(true);
  });

  it('renders one table line per row and lists skipped and failed benchmarks', () => {
    const md = renderMarkdown({
      meta: {
        startedAt: 't',
        host: { cpus: 2, cpuModel: 'cpu', memGiB: 8 },
        node: '20',
        commit: 'abc',
        quick: true,
        stack: { mode: 'm', portOffset: 1, project: 'p' },
      },
      rows: [row([1], [2]), row([3], [1])],
      skipped: [{ benchmark: 'stack-start', reason: 'no stack of ours' }],
      errors: [{ benchmark: 'seed', error: 'boom | bang' }],
    });
    const table = md.split('\n').filter((l) => l.startsWith('| Kafka produce'));
    expect(table).toHaveLength(2);
    expect(table[0]).toContain('0.50x');
    expect(table[0]).toContain('**no**');
    expect(table[1]).toContain('3.00x');
    expect(md).toMatch(/- stack-start: no stack of ours/);
    expect(md).toMatch(/- seed: boom \\\| bang/);
  });
});

describe('npm run bench (quick)', () => {
  it('runs the CLI start benchmark alone and writes well-formed results.json and RESULTS.md', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-'));
    const r = await run(['cli-start', '--quick', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.meta.quick).toBe(true);
    expect(results.errors).toEqual([]);
    expect(results.rows.map((x: { case: string }) => x.case)).toEqual(['--version', '--help']);
    for (const x of results.rows) {
      expect(x.benchmark).toBe('CLI start');
      expect(x.ours.samples.length).toBeGreaterThan(0);
      expect(x.peer.samples.length).toBe(x.ours.samples.length);
      for (const v of [...x.ours.samples, ...x.peer.samples]) expect(v).toBeGreaterThan(0);
      expect(x.ratio).toBeCloseTo(x.ours.median / x.peer.median, 1);
      expect(x.goals).toHaveLength(1);
      expect(typeof x.goals[0].met).toBe('boolean');
    }
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toMatch(/^\| benchmark \| case \| ours \| peer \|/m);
    expect(md.split('\n').filter((l) => l.startsWith('| CLI start |'))).toHaveLength(2);
    expect(r.stdout).toBe(md);
  }, 60_000);

  it('refuses an unknown benchmark with exit 2 and the list of known ones', async () => {
    const r = await run(['no-such-bench', '--quick']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown benchmark: no-such-bench/);
    expect(r.stderr).toMatch(/cli-start, stack-start, tcp/);
  });
});
