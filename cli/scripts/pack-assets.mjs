// prepack/postpack: the npm package carries what the CLI reads from the repository root
// (recipes, templates, the scenario schema) and the compiled workspace packages it bundles
// (bundleDependencies: @platform/contracts, @platform/kafkajs-fix).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const cli = new URL('../', import.meta.url);
const root = new URL('../../', import.meta.url);
const assets = new URL('assets/', cli);
const SKIP = new Set(['node_modules', 'dist', 'target', '.platform']);
const keep = (src) => !SKIP.has(basename(src));
const readJson = (url) => JSON.parse(readFileSync(url, 'utf8'));

// The workspace packages by npm name: which folder under packages/ each bundled dependency is.
const local = new Map(
  readdirSync(new URL('packages/', root))
    .filter((d) => existsSync(new URL(`packages/${d}/package.json`, root)))
    .map((d) => [readJson(new URL(`packages/${d}/package.json`, root)).name, new URL(`packages/${d}/`, root)]),
);
const bundled = readJson(new URL('package.json', cli)).bundleDependencies ?? [];

rmSync(assets, { recursive: true, force: true });
for (const name of bundled) rmSync(new URL(`node_modules/${name}/`, cli), { recursive: true, force: true });
if (process.argv[2] === 'clean') process.exit(0);

for (const part of ['compose', 'templates', 'demos/scenario.schema.json', 'tsconfig.base.json']) {
  cpSync(new URL(part, root), new URL(part, assets), { recursive: true, filter: keep });
}
for (const name of bundled) {
  const dir = local.get(name);
  if (!dir) throw new Error(`${name} is in bundleDependencies but no folder under packages/ is named so`);
  const built = new URL('dist/', dir);
  if (!existsSync(built)) throw new Error(`build ${name} first (npm run build -w ${name})`);
  // `files` so the repository's .gitignore (dist/) does not drop the build from the bundle.
  const target = new URL(`node_modules/${name}/`, cli);
  mkdirSync(target, { recursive: true });
  writeFileSync(new URL('package.json', target), JSON.stringify({ ...readJson(new URL('package.json', dir)), files: ['dist'] }, null, 2));
  cpSync(built, new URL('dist/', target), { recursive: true });
}
