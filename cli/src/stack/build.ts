import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** A package needs a build when dist/main.js (or dist/index.js) is missing or older than src/ or its config. */
export function needsBuild(dir: string): boolean {
  const out = ['dist/main.js', 'dist/index.js'].map((f) => join(dir, f)).find(existsSync);
  if (!out) return true;
  const built = statSync(out).mtimeMs;
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
    }
  };
  await Promise.all([worker(), worker()]);
}
