import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { dependencyLevels } from '../stack/build.js';

/** A package the watcher rebuilds: a service (restarted after its build) or a library under packages/. */
export interface WatchUnit {
  name: string;
  kind: 'service' | 'library';
  dir: string;
  packageName: string;
  /** Package names of the workspace libraries it depends on. */
  uses: string[];
}

export interface RebuildPlan {
  /** Libraries to rebuild, each after the libraries it uses. */
  libraries: WatchUnit[];
  /** Services whose own source changed: rebuilt, then restarted. */
  services: WatchUnit[];
  /** Services to restart: the rebuilt ones and those using a rebuilt library, nothing else. */
  restart: WatchUnit[];
  /** The changed files of each unit, relative to it. */
  files: Map<WatchUnit, string[]>;
}

/**
 * Whether a change to this path matters to the build: src/ and anything under it except specs (the
 * build excludes them) and editor droppings (swap files, backups, lock files).
 */
export function isBuildInput(pathInUnit: string): boolean {
  const parts = pathInUnit.split(sep).join('/').split('/');
  const name = basename(pathInUnit);
  if (parts[0] !== 'src') return false;
  if (/\.spec\.ts$/.test(name)) return false;
  return !(name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp)$/.test(name) || /^\d+$/.test(name));
}

/** The unit a changed file belongs to, with its path inside it, when the file is a build input. */
export function ownerOf(file: string, units: WatchUnit[]): { unit: WatchUnit; path: string } | undefined {
  for (const unit of units) {
    const path = relative(unit.dir, file);
    if (!path.startsWith('..') && isBuildInput(path)) return { unit, path: path.split(sep).join('/') };
  }
  return undefined;
}

/**
 * The changed paths with each folder that appeared replaced by the files it holds now. chokidar lists
 * a new folder before it watches it, so files written into it at that moment (`nest g resource`, a
 * branch checkout, an unzip) raise no event; the batch is built once saving paused, when they are
 * all there. A unit's src/ itself stays as it is: it stands for "build the whole unit".
 */
export function withFolderContents(changed: string[], units: WatchUnit[]): string[] {
  const roots = new Set(units.map((u) => join(u.dir, 'src')));
  return changed.flatMap((path) => {
    if (roots.has(path) || !isFolder(path)) return [path];
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  });
}

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * What a batch of changed files means: rebuild the libraries that changed (and the libraries using
 * them), rebuild the services whose own files changed, and restart exactly those services and the
 * ones using a rebuilt library. A service is not restarted because a service it calls was.
 */
export function planRebuild(changed: string[], units: WatchUnit[]): RebuildPlan {
  const files = new Map<WatchUnit, string[]>();
  for (const file of changed) {
    const owner = ownerOf(file, units);
    if (!owner) continue;
    const list = files.get(owner.unit) ?? [];
    if (!list.includes(owner.path)) list.push(owner.path);
    files.set(owner.unit, list);
  }
  const touched = [...files.keys()];
  const libraries = dependentsClosure(
    touched.filter((u) => u.kind === 'library'),
    units.filter((u) => u.kind === 'library'),
  );
  const rebuilt = new Set(libraries.map((l) => l.packageName));
  const services = touched.filter((u) => u.kind === 'service');
  const restart = units.filter((u) => u.kind === 'service' && (services.includes(u) || u.uses.some((p) => rebuilt.has(p))));
  return { libraries, services, restart, files };
}

/** The changed libraries plus every library that uses one of them, in build order. */
function dependentsClosure(changed: WatchUnit[], libraries: WatchUnit[]): WatchUnit[] {
  const chosen = new Set(changed);
  for (let grew = true; grew;) {
    grew = false;
    for (const lib of libraries) {
      if (!chosen.has(lib) && lib.uses.some((p) => [...chosen].some((c) => c.packageName === p))) {
        chosen.add(lib);
        grew = true;
      }
    }
  }
  return dependencyLevels(
    [...chosen],
    (u) => u.packageName,
    (u) => u.uses,
  ).flat();
}
