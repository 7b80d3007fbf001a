import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { usageError } from '../errors.js';

/** A Nest app found in a repository: where its source starts, how it is built, what node runs. */
export interface FoundApp {
  name: string;
  /** Relative to the repository root, as platform.yaml writes them. */
  entry: string;
  build: string;
  start: string;
  /** Its tsconfig, so imports (path aliases of libs/) resolve as in its own build. */
  tsconfig?: string;
}

const SKIP = new Set(['node_modules', 'dist', '.git', '.platform', 'coverage']);

/**
 * Nest CLI monorepo projects (nest-cli.json with `"monorepo": true`), else every folder (the root,
 * or one or two levels down) whose package.json has @nestjs/core and that has src/main.ts.
 */
export function findNestApps(root: string): FoundApp[] {
  const monorepo = readJson(join(root, 'nest-cli.json'));
  if (monorepo?.monorepo && monorepo.projects) return monorepoApps(root, monorepo);
  const apps = nestFolders(root, 0).map((dir) => folderApp(root, dir));
  if (!apps.length) {
    throw usageError(
      `no Nest app found in ${root}: looked for nest-cli.json with "monorepo": true and its projects, and for folders (the root, or up to two levels down) whose package.json depends on @nestjs/core and that have src/main.ts`,
      'run `platform init` at the root of your NestJS repository',
    );
  }
  return apps;
}

function monorepoApps(root: string, cli: Record<string, any>): FoundApp[] {
  return Object.entries(cli.projects as Record<string, Record<string, any>>)
    .filter(([, p]) => p.type === 'application')
    .map(([name, p]) => {
      const sourceRoot = p.sourceRoot ?? join(p.root ?? `apps/${name}`, 'src');
      const entryFile = p.entryFile ?? cli.entryFile ?? 'main';
      const tsconfig = p.compilerOptions?.tsConfigPath;
      return {
        name: kebab(name),
        entry: join(sourceRoot, `${entryFile}.ts`),
        build: `npx nest build ${name}`,
        // nest build bundles a monorepo app with webpack into dist/apps/<name>/main.js by default.
        start: join('dist', p.root ?? `apps/${name}`, `${entryFile}.js`),
        tsconfig: tsconfig && existsSync(join(root, tsconfig)) ? tsconfig : undefined,
      };
    });
}

function nestFolders(root: string, depth: number, dir = root): string[] {
  const pkg = readJson(join(dir, 'package.json'));
  if (pkg && { ...pkg.dependencies, ...pkg.devDependencies }['@nestjs/core'] && existsSync(join(dir, 'src', 'main.ts'))) return [dir];
  if (depth >= 2) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.'))
    .flatMap((e) => nestFolders(root, depth + 1, join(dir, e.name)));
}

function folderApp(root: string, dir: string): FoundApp {
  const rel = relative(root, dir);
  const pkg = readJson(join(dir, 'package.json'))!;
  const name = kebab(rel ? rel.split('/').pop()! : String(pkg.name ?? 'app').replace(/^@[^/]+\//, ''));
  const tsconfig = ['tsconfig.build.json', 'tsconfig.json'].map((f) => join(rel, f)).find((f) => existsSync(join(root, f)));
  return {
    name,
    entry: join(rel, 'src', 'main.ts'),
    build: rel ? `npm run build --prefix ${rel}` : 'npm run build',
    start: join(rel, 'dist', 'main.js'),
    tsconfig,
  };
}

function readJson(file: string): Record<string, any> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw usageError(`${file} is not valid JSON`, 'fix it, then run `platform init` again');
  }
}

const kebab = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
