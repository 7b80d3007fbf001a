import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { failedError } from '../errors.js';
import { tail } from '../ui/text.js';
import { buildPackage } from '../stack/build.js';

/** Dependencies that no node_modules folder from `dir` upward provides (npm hoists them to the root). */
export function unresolvedDependencies(dir: string, dependencies: string[]): string[] {
  return dependencies.filter((dep) => {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules', dep, 'package.json'))) return false;
      if (dirname(d) === d) return true;
    }
  });
}

/**
 * Makes the new workspace part of the install. With a lockfile, `npm install` at the root records
 * the workspace (serialised with other installs by flock); without one and with every dependency
 * already resolvable, there is nothing to do.
 */
export async function installWorkspace(root: string, serviceDir: string, dependencies: string[]): Promise<'installed' | 'resolved'> {
  const missing = unresolvedDependencies(serviceDir, dependencies);
  if (!missing.length && !existsSync(join(root, 'package-lock.json'))) return 'resolved';
  const npm = ['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline'];
  const flock = await execa('flock', ['--version'], { reject: false });
  const [cmd, ...args] = flock.exitCode === 0 ? ['flock', join(tmpdir(), 'npm.lock'), ...npm] : npm;
  const r = await execa(cmd, args, { cwd: root, reject: false, all: true });
  if (r.exitCode !== 0) {
    throw failedError(
      `npm install failed (the service was written to ${serviceDir}):\n${tail(r.all ?? '', 20)}`,
      'fix the problem above, then run `npm install` at the project root',
    );
  }
  return 'installed';
}

export async function buildService(serviceDir: string): Promise<void> {
  const r = await buildPackage(serviceDir);
  if (!r.ok) {
    throw failedError(
      `the new service does not build:\n${tail(r.output, 30)}`,
      `fix the errors above, then \`npm run build\` in ${serviceDir}`,
    );
  }
}
