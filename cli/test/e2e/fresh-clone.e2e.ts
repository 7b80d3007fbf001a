import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/stack.js';

/**
 * A new user's first steps: clone, `npm ci`, and generate a service before any `platform up` has
 * built anything. The service imports @platform/nest-kit, which only exists once it is built.
 * The clone is outside the repository so nothing resolves from the repo's own node_modules.
 */
const clone = join(mkdtempSync(join(tmpdir(), 'platform-clone-')), 'project');

afterAll(() => {
  if (!process.env.KEEP_GENERATED) rmSync(join(clone, '..'), { recursive: true, force: true });
});

describe('a fresh clone', () => {
  it('generates and builds a service before the first up', async () => {
    await execa('git', ['clone', '--quiet', '--local', ROOT, clone]);
    const ci = await execa('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: clone,
      reject: false,
      all: true,
    });
    expect(ci.exitCode, ci.all).toBe(0);
    expect(existsSync(join(clone, 'packages', 'nest-kit', 'dist'))).toBe(false);

    const g = await execa(
      process.execPath,
      [join(clone, 'cli', 'bin', 'platform.js'), 'generate', 'service', 'orders', '--transport', 'tcp', '--no-http', '--no-mongo', '--yes'],
      {
        cwd: clone,
        reject: false,
        all: true,
        env: { NO_COLOR: '1', PLATFORM_STATE_DIR: join(clone, '.platform') },
      },
    );
    expect(g.exitCode, g.all).toBe(0);
    expect(g.all).toMatch(/Building packages\/nest-kit/);
    expect(existsSync(join(clone, 'services', 'orders', 'dist', 'main.js'))).toBe(true);
    expect(g.stdout).toMatch(/Next:\n {2}platform up orders/);
  }, 600_000);
});
