import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { assetPath } from '../assets.js';
import { INSTALLERS, type Declaration, type Installer, type PatternSummary, type ServiceOptions } from './installers.js';
import { addToModule, removeFromModule, setConstant } from './source-edit.js';
import { renderReadme } from './readme.js';
import { runNestSchematics } from './schematics.js';
import { usageError } from '../errors.js';

/** The templates that ship with the CLI (templates/service and templates/parts/*), wherever the project is. */
export function templatesDir(): string {
  return assetPath('templates') + sep;
}

export interface ServicePlan {
  options: ServiceOptions;
  /** Path relative to the service folder -> content. */
  files: Map<string, string>;
  declaration: Declaration;
  dependencies: Record<string, string>;
  installers: string[];
  patterns: PatternSummary[];
}

export interface PlanContext {
  templates?: string;
  /** What the service's tsconfig.json extends (relative to the service), or compiler options to inline when the project has no tsconfig.base.json. */
  tsconfig: { extends: string } | { compilerOptions: Record<string, unknown> };
}

const SKIP = new Set(['dist', 'node_modules', 'README.md']);
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

/** Everything the new service consists of, computed in memory: nothing is written here. */
export async function planService(o: ServiceOptions, ctx: PlanContext): Promise<ServicePlan> {
  const templates = ctx.templates ?? templatesDir();
  const applied = INSTALLERS.filter((i) => i.applies(o));
  const ownedInBase = INSTALLERS.filter((i) => i.from === 'service').flatMap((i) => i.owns ?? []);
  const files = new Map<string, string>();
  const put = (path: string, content: string, by: string) => {
    const target = renameFile(path);
    if (files.has(target) && by !== 'service') throw new Error(`installer ${by} would overwrite ${target}`);
    files.set(target, content);
  };

  const base = join(templates, 'service');
  for (const path of walk(base)) if (!isOwned(path, ownedInBase)) put(path, readFileSync(join(base, path), 'utf8'), 'service');
  for (const installer of applied) {
    const from = join(templates, installer.from);
    for (const path of walk(from))
      if (!installer.owns || isOwned(path, installer.owns)) put(path, readFileSync(join(from, path), 'utf8'), installer.name);
  }

  edit(files, 'src/service.constants.ts', (s) => setConstant(setConstant(s, 'SERVICE_NAME', o.name), 'DEFAULT_TCP_PORT', o.tcpPort));
  for (const installer of applied) {
    for (const [file, values] of Object.entries(installer.constants(o))) {
      edit(files, file, (s) => Object.entries(values).reduce((acc, [k, v]) => setConstant(acc, k, v), s));
    }
  }
  edit(files, 'src/app.module.ts', (s) => INSTALLERS.reduce((acc, i) => withModules(acc, i, applied.includes(i)), s));
  await applySchematics(o, applied, files);

  const declaration: Declaration = {
    tcpPort: o.tcpPort,
    ...(o.httpPort !== undefined ? { httpPort: o.httpPort } : {}),
    transports: ['tcp'],
    consumes: [],
    produces: [],
    dependsOn: [],
  };
  for (const installer of applied) installer.declare(o, declaration);
  const pkg = JSON.parse(files.get('package.json')!) as Record<string, any>;
  const dependencies = sortKeys<string>({
    ...(pkg.dependencies as Record<string, string>),
    ...Object.assign({}, ...applied.map((i) => i.dependencies)),
  });
  files.set('package.json', JSON.stringify(servicePackage(pkg, o, declaration, dependencies), null, 2) + '\n');
  edit(files, 'tsconfig.json', (s) => {
    const { extends: _, compilerOptions, ...rest } = JSON.parse(s);
    const tsconfig =
      'extends' in ctx.tsconfig
        ? { extends: ctx.tsconfig.extends, compilerOptions, ...rest }
        : { compilerOptions: { ...ctx.tsconfig.compilerOptions, ...compilerOptions }, ...rest };
    return JSON.stringify(tsconfig, null, 2) + '\n';
  });

  const patterns = applied.flatMap((i) => i.patterns(o));
  files.set('README.md', renderReadme(o, declaration, patterns));
  return {
    options: o,
    files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))),
    declaration,
    dependencies,
    installers: applied.map((i) => i.name),
    patterns,
  };
}

/**
 * The Nest schematics generate what Nest owns (modules, controllers, services, specs, a CRUD
 * resource), over the planned files so that they register in AppModule as `nest g` would; each
 * installer then fills what was generated.
 */
async function applySchematics(o: ServiceOptions, applied: Installer[], files: Map<string, string>): Promise<void> {
  const steps = applied.flatMap((i) => i.schematics?.(o) ?? []);
  if (!steps.length) return;
  const generated = await runNestSchematics(files, steps);
  files.set('src/app.module.ts', generated.get('src/app.module.ts')!);
  for (const installer of applied) {
    for (const [path, content] of installer.fill?.(o, generated) ?? []) {
      if (files.has(path))
        throw usageError(
          `${installer.name} would overwrite ${path}, which another part of the service has`,
          installer.name === 'mongo' ? 'pick another collection name for --mongo' : 'pick other options',
        );
      files.set(path, content);
    }
  }
}

/** create-vite style: the template's package.json, edited as JSON. */
function servicePackage(pkg: Record<string, any>, o: ServiceOptions, platform: Declaration, dependencies: Record<string, string>) {
  return {
    name: `@platform/${o.name}`,
    version: '0.1.0',
    private: true,
    type: pkg.type,
    description: `The ${o.name} service`,
    // The template's typecheck also covers templates/parts; a service checks only itself.
    scripts: { ...pkg.scripts, typecheck: 'tsc -p tsconfig.json' },
    platform,
    dependencies,
    devDependencies: pkg.devDependencies,
  };
}

function withModules(source: string, installer: Installer, applied: boolean): string {
  return installer.modules.reduce(
    (acc, m) => (applied ? addToModule(acc, 'imports', m.className, m.path) : removeFromModule(acc, m.className)),
    source,
  );
}

function edit(files: Map<string, string>, path: string, change: (s: string) => string): void {
  const content = files.get(path);
  if (content === undefined) throw new Error(`template file ${path} is missing`);
  files.set(path, change(content));
}

function isOwned(path: string, owns: string[]): boolean {
  return owns.some((o) => (o.endsWith('/') ? path.startsWith(o) : path === o));
}

function renameFile(path: string): string {
  const parts = path.split('/');
  const last = parts.pop()!;
  return [...parts, RENAMES[last] ?? last].join('/');
}

/** Files under `dir`, relative, with "/" separators; build output and compiler caches left out. */
export function walk(dir: string, root = dir): string[] {
  if (!existsSync(dir)) throw new Error(`template folder ${dir} is missing`);
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path, root));
    else out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
