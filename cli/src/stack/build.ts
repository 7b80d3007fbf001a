import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { ProjectPaths } from './project.js';
import { dirname, join } from 'node:path';
import type { ServiceSpec } from './declaration.js';
import { execa } from 'execa';
import { failedError } from '../errors.js';
import { tail } from '../ui/text.js';

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

/** Besides src/, the files that change what a build produces (Nest CLI and SWC settings included). */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', '.swcrc'];

/** A package needs a build when it has no output, or src/ or its config changed since its last build. */
export function needsBuild(dir: string): boolean {
  const output = ['dist/main.js', 'dist/index.js'].map((f) => join(dir, f)).find(existsSync);
  if (!output) return true;
  const marker = join(dir, BUILT_MARKER);
  const built = statSync(existsSync(marker) ? marker : output).mtimeMs;
  const inputs = BUILD_INPUTS.map((f) => join(dir, f))
    .filter(existsSync)
    .map((f) => statSync(f).mtimeMs);
  return Math.max(newestMtime(join(dir, 'src')), ...inputs) > built;
}

/** Local libraries the services import (packages/*), built before the services. */
export function workspacePackages(root: string): string[] {
  const dir = join(root, 'packages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((d) => existsSync(join(d, 'package.json')) && existsSync(join(d, 'src')));
}

export interface BuildResult {
  ok: boolean;
  /** Compiler output (stdout and stderr, interleaved). */
  output: string;
  ms: number;
}

/**
 * Runs a package's `build` script (`nest build`, or tsc for libraries) the way `npm run` would, with
 * node_modules/.bin on PATH, minus npm's own start-up, which is a good part of a one-file rebuild.
 */
export async function buildPackage(dir: string): Promise<BuildResult> {
  const started = Date.now();
  const script = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts as Record<string, string> | undefined)?.build;
  if (!script) return { ok: false, output: `${join(dir, 'package.json')} has no "build" script`, ms: 0 };
  // swc prints a Rust backtrace under every syntax error when RUST_BACKTRACE is set; it is noise here.
  const r = await execa(script, {
    cwd: dir,
    shell: true,
    preferLocal: true,
    localDir: dir,
    reject: false,
    all: true,
    env: { RUST_BACKTRACE: '0', FORCE_COLOR: '0' },
  });
  const ok = r.exitCode === 0;
  if (ok) markBuilt(dir);
  return { ok, output: String(r.all ?? ''), ms: Date.now() - started };
}

/** Records a successful build, so `up` does not build the package again until its inputs change. */
export function markBuilt(dir: string): void {
  writeFileSync(join(dir, BUILT_MARKER), new Date().toISOString());
}

/** Builds packages two at a time (the machine has few cores); the first failure is an error with its output. */
export async function buildPackages(dirs: string[], onBuild?: (dir: string) => void): Promise<void> {
  const queue = [...dirs];
  const worker = async () => {
    for (let dir = queue.shift(); dir; dir = queue.shift()) {
      onBuild?.(dir);
      const r = await buildPackage(dir);
      if (!r.ok)
        throw failedError(
          `building ${dir} failed:\n${tail(r.output, 30)}`,
          `fix the errors above, then run \`platform up\` again (or \`npm run build\` in ${dir})`,
        );
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
  if (r.exitCode !== 0)
    throw failedError(
      `building ${spec.name} (\`${spec.build}\`) failed:\n${tail(r.all ?? '', 30)}`,
      `fix the errors above, then run \`platform up\` again`,
    );
  if (!existsSync(join(spec.dir, spec.start)))
    throw failedError(
      `\`${spec.build}\` succeeded but did not write ${spec.start}`,
      'fix "start" in platform.yaml to the file the build writes',
    );
}

/**
 * Packages in build order: each level only depends on packages of the levels before it, so a level
 * can build in parallel (nest-kit compiles against @platform/kafkajs-fix's types). Dependencies
 * outside `items` are taken as built; a cycle is built together rather than never.
 */
export function dependencyLevels<T>(items: T[], nameOf: (item: T) => string, dependsOn: (item: T) => string[]): T[][] {
  const levels: T[][] = [];
  let rest = items;
  while (rest.length) {
    const waiting = new Set(rest.map(nameOf));
    const ready = rest.filter((item) => !dependsOn(item).some((d) => d !== nameOf(item) && waiting.has(d)));
    const level = ready.length ? ready : rest;
    levels.push(level);
    rest = rest.filter((item) => !level.includes(item));
  }
  return levels;
}

/** A package folder's npm name and the dependencies its package.json declares. */
export function packageOf(dir: string): { dir: string; name: string; deps: string[] } {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; dependencies?: Record<string, string> };
  return { dir, name: pkg.name ?? dir, deps: Object.keys(pkg.dependencies ?? {}) };
}

/**
 * Builds what changed since its last build: the workspace libraries first (nest-kit, which every
 * service imports), in dependency order, then the given service folders. Returns the folders it built.
 */
export async function buildStale(paths: ProjectPaths, serviceDirs: string[], onBuild: (relativeDir: string) => void): Promise<string[]> {
  const libs = workspacePackages(paths.root).filter(needsBuild);
  const services = serviceDirs.filter(needsBuild);
  const show = (d: string) => onBuild(d.slice(paths.root.length + 1));
  const levels = dependencyLevels(
    libs.map(packageOf),
    (p) => p.name,
    (p) => p.deps,
  );
  for (const level of levels)
    await buildPackages(
      level.map((p) => p.dir),
      show,
    );
  await buildPackages(services, show);
  return [...libs, ...services];
}
