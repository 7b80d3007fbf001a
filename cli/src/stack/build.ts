import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceSpec } from './services.js';
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

/** An app of an adopted repository needs its own build when its output is missing or older than its sources. */
export function needsAppBuild(spec: ServiceSpec): boolean {
  const output = join(spec.dir, spec.start);
  if (!existsSync(output)) return true;
  return newestMtime(dirname(spec.entry)) > statSync(output).mtimeMs;
}

/** Runs the app's own build (`nest build <app>`, its build script) in the repository, as its developers do. */
export async function buildApp(spec: ServiceSpec): Promise<void> {
  const r = await execa(spec.build!, { cwd: spec.dir, shell: true, reject: false, all: true });
  if (r.exitCode !== 0) throw failedError(`building ${spec.name} (\`${spec.build}\`) failed:\n${tail(r.all ?? '', 30)}`, `fix the errors above, then run \`platform up\` again`);
  if (!existsSync(join(spec.dir, spec.start))) throw failedError(`\`${spec.build}\` succeeded but did not write ${spec.start}`, 'fix "start" in platform.yaml to the file the build writes');
}
