import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/stack.js';

/**
 * Keeps `npm run bench` working: a quick run (tiny sizes, no timing asserted) against the stack
 * the e2e lane already runs (--use-running), so every benchmark but stack start talks to it.
 */
describe('npm run bench -- --quick --use-running', () => {
  it('runs every benchmark against its peer and writes well-formed results and a table', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-e2e-'));
    const r = await execa(process.execPath, ['bench/run.mjs', '--quick', '--use-running', '--out', out], {
      cwd: ROOT,
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.errors).toEqual([]);
    expect(results.meta.stack.mode).toMatch(/already running/);
    // Quick runs never build the FerretDB peer; with it already in the cache, the engines are compared.
    const dbEngine = results.skipped.find((s: { benchmark: string }) => s.benchmark === 'db-engine');
    if (dbEngine) expect(dbEngine.reason).toMatch(/FerretDB .* is not built/);
    expect(results.skipped.map((s: { benchmark: string }) => s.benchmark).filter((b: string) => b !== 'db-engine')).toEqual([
      'stack-start',
      'dashboard-paint',
    ]);
    const benchmarks = new Set(results.rows.map((x: { benchmark: string }) => x.benchmark));
    expect([...benchmarks]).toEqual([
      'CLI start',
      'TCP request/reply',
      'Kafka produce',
      'Kafka consume',
      'seed',
      'payment flow',
      ...(dbEngine ? [] : ['database engine']),
      'tracing',
      'dev loop',
      'service build',
      'dashboard',
    ]);
    for (const x of results.rows) {
      expect(x.ours.samples.length, x.benchmark).toBeGreaterThan(0);
      expect(x.peer.samples.length, x.benchmark).toBe(x.ours.samples.length);
      for (const v of [...x.ours.samples, ...x.peer.samples]) expect(v, x.benchmark).toBeGreaterThan(0);
      expect(Number.isFinite(x.ratio), x.benchmark).toBe(true);
      for (const g of x.goals) expect(typeof g.met, `${x.benchmark}: ${g.text}`).toBe('boolean');
    }
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(
      md
        .split('\n')
        .filter((l) => /^\| (CLI start|TCP|Kafka|seed|payment|database engine|tracing|dev loop|service build|dashboard)/.test(l)),
    ).toHaveLength(results.rows.length);
    expect(md).toMatch(/- stack-start: /);
    expect(md).toMatch(/- dashboard-paint: /);
  }, 600_000);
});
