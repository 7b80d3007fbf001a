import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { assetPath } from '../assets.js';
import { usageError } from '../errors.js';
import { PLATFORM_YAML } from './platform-yaml.js';

/** Where things live: the project (services/, .platform/) and the download cache outside it. */
export interface ProjectPaths {
  root: string;
  servicesDir: string;
  stateDir: string;
  logsDir: string;
  dataDir: string;
  cacheDir: string;
}

/**
 * The project root is the nearest folder upward with a platform.yaml (an adopted repository), or
 * whose package.json declares workspaces and that has services/ (this repository's layout).
 */
export function findProjectRoot(from = process.cwd()): string {
  if (process.env.PLATFORM_ROOT) return resolve(process.env.PLATFORM_ROOT);
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(join(dir, PLATFORM_YAML))) return dir;
    if (existsSync(pkg) && existsSync(join(dir, 'services'))) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).workspaces) return dir;
      } catch {
        /* not ours; keep looking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw usageError(
        `no platform project found from ${from}: expected a platform.yaml, or a package.json with workspaces and a services/ folder`,
        'run `platform init` at the root of your NestJS repository, or cd into the project folder (or set PLATFORM_ROOT)',
      );
    }
    dir = parent;
  }
}

/** Downloads and builds (Kafka jars, the database launcher) are reused across clones; PLATFORM_CACHE moves them. */
export function cacheDir(): string {
  return resolve(process.env.PLATFORM_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'platform'));
}

export function projectPaths(root = findProjectRoot()): ProjectPaths {
  const stateDir = resolve(process.env.PLATFORM_STATE_DIR ?? join(root, '.platform'));
  if (statSync(stateDir, { throwIfNoEntry: false })?.isDirectory() === false)
    throw usageError(
      `${stateDir}${process.env.PLATFORM_STATE_DIR ? ' (PLATFORM_STATE_DIR)' : ''} is a file, not a folder for the stack's pids, logs and data`,
      process.env.PLATFORM_STATE_DIR ? 'point PLATFORM_STATE_DIR at a folder (it is created when missing)' : 'move that file away',
    );
  return {
    root,
    servicesDir: join(root, 'services'),
    stateDir,
    logsDir: join(stateDir, 'logs'),
    dataDir: join(stateDir, 'data'),
    cacheDir: cacheDir(),
  };
}

/** The recipes that ship with the CLI (compose file, Kafka pom, database launcher), wherever the project is. */
export function recipesDir(): string {
  return assetPath('compose');
}
