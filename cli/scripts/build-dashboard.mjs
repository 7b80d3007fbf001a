// Builds the dashboard's page (cli/dashboard-ui, Preact) into dist/dashboard/public: one minified
// script, one stylesheet, one HTML file. Runs in `npm run build -w cli`, so `npm ci` builds it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ui = fileURLToPath(new URL('../dashboard-ui/', import.meta.url));
const out = fileURLToPath(new URL('../dist/dashboard/public/', import.meta.url));
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [ui + 'main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: out + 'app.js',
  logLevel: 'warning',
  legalComments: 'none',
});
for (const f of ['index.html', 'styles.css']) copyFileSync(ui + f, out + f);
if (process.argv.includes('--size'))
  for (const f of ['app.js', 'styles.css', 'index.html']) console.log(`${f}: ${statSync(out + f).size} bytes`);
