import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/platform.js', import.meta.url));
const RECORD = fileURLToPath(new URL('../../test/fixtures/record-imports.mjs', import.meta.url));

/** The modules `platform <args>` loads (needs the built CLI, as every run does). */
function loaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', RECORD, BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status).toBe(0);
  return r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
}

describe('the CLI start-up path', () => {
  it('`platform --help` and `platform dashboard --help` load no dashboard code and no client library', () => {
    for (const args of [['--help'], ['dashboard', '--help']]) {
      const urls = loaded(args);
      expect(urls.some((u) => u.endsWith('/dist/commands/index.js'))).toBe(true);
      expect(urls.filter((u) => /\/dist\/dashboard\/|\/node_modules\/(kafkajs|mongodb|preact|playwright-core)\//.test(u))).toEqual([]);
    }
  }, 60_000);
});
