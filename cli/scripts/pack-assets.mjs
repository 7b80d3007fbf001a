// prepack/postpack: the npm package carries what the CLI reads from the repository root
// (recipes, templates, the scenario schema) and the compiled @platform/contracts it imports.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const cli = new URL('../', import.meta.url);
const root = new URL('../../', import.meta.url);
const assets = new URL('assets/', cli);
const contracts = new URL('node_modules/@platform/contracts/', cli);
const SKIP = new Set(['node_modules', 'dist', 'target', '.platform']);
const keep = (src) => !SKIP.has(basename(src));

rmSync(assets, { recursive: true, force: true });
rmSync(contracts, { recursive: true, force: true });
if (process.argv[2] === 'clean') process.exit(0);

for (const part of ['compose', 'templates', 'demos/scenario.schema.json', 'tsconfig.base.json']) {
  cpSync(new URL(part, root), new URL(part, assets), { recursive: true, filter: keep });
}
const built = new URL('packages/contracts/dist/', root);
if (!existsSync(built)) throw new Error('build @platform/contracts first (npm run build -w packages/contracts)');
// `files` so the repository's .gitignore (dist/) does not drop the build from the bundle.
mkdirSync(contracts, { recursive: true });
const manifest = JSON.parse(readFileSync(new URL('packages/contracts/package.json', root), 'utf8'));
writeFileSync(new URL('package.json', contracts), JSON.stringify({ ...manifest, files: ['dist'] }, null, 2));
cpSync(built, new URL('dist/', contracts), { recursive: true });
