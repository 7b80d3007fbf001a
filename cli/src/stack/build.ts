import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { ProjectPaths } from './project.js';
import { join } from 'node:path';
import { execa } from 'execa';
import { failedError } from '../errors.js';
import { tail } from '../infra/native/kafka.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Written after each successful build. tsc's incremental mode leaves unchanged outputs untouched, so
 * dist/main.js's own time says nothing about when the package was last built.
 */
const BUILT_MARKER = 'dist/.platform-built';

/** A package needs a build when it has no output, or src/ or its config changed since its last build. */
export function needsBuild(dir: string): boolean {
  const output = ['dist/main.js', 'dist/index.js'].map((f) => join(dir, f)).find(existsSync);
  if (!output) return true;
  const marker = join(dir, BUILT_MARKER);
  const built = statSync(existsSync(marker) ? marker : output).mtimeMs;
  const inputs = [join(dir, 'package.json'), join(dir, 'tsconfig.json')].filter(existsSync).map((f) => statSync(f).mtimeMs);
  return Math.max(newestMtime(join(dir, 'src')), ...inputs) > built;
}

/** Builds packages (tsc via their `build` script) two at a time; the machine has few cores. */
export async function buildPackages(dirs: string[], onBuild?: (dir: string) => void): Promise<void> {
  const queue = [...dirs];
  const worker = async () => {
    for (let dir = queue.shift(); dir; dir = queue.shift()) {
      onBuild?.(dir);
      const r = await execa('npm', ['run', 'build', '--silent'], { cwd: dir, reject: false, all: true });
      if (r.exitCode !== 0) throw failedError(`building ${dir} failed:\n${tail(r.all ?? '', 30)}`, `fix the errors above, then run \`platform up\` again (or \`npm run build\` in ${dir})`);
      writeFileSync(join(dir, BUILT_MARKER), new Date().toISOString());
    }
  };
  await Promise.all([worker(), worker()]);
}

/** Local libraries the services import (packages/*), built before the services. */
export function workspacePackages(paths: ProjectPaths): string[] {
  const dir = join(paths.root, 'packages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((n) => join(dir, n)).filter((d) => existsSync(join(d, 'package.json')) && existsSync(join(d, 'src')));
}

/**
 * Builds what changed since its last build: the workspace libraries first (nest-kit, which every
 * service imports), then the given service folders. Returns the folders it built.
 */
export async function buildStale(paths: ProjectPaths, serviceDirs: string[], onBuild: (relativeDir: string) => void): Promise<string[]> {
  const libs = workspacePackages(paths).filter(needsBuild);
  const services = serviceDirs.filter(needsBuild);
  const show = (d: string) => onBuild(d.slice(paths.root.length + 1));
  await buildPackages(libs, show);
  await buildPackages(services, show);
  return [...libs, ...services];
}
