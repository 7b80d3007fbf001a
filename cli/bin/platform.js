#!/usr/bin/env node
// Entry point: everything lives in the compiled dist/ (built by `npm ci` through the root `prepare`).
import { existsSync } from 'node:fs';
const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('platform is not built yet. Run `npm run build -w cli` (or `npm ci`) in the repository root.\n');
  process.exit(3);
}
await import(main.href);
