// Writes demos/scenario.schema.json with the step definitions of the registry (cli/src/demo/steps/).
// Run after changing a step kind's schema: `npm run build && npm run scenario-schema -w cli`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioSchema } from '../dist/demo/schema.js';

const file = fileURLToPath(new URL('../../demos/scenario.schema.json', import.meta.url));
writeFileSync(file, JSON.stringify(scenarioSchema(JSON.parse(readFileSync(file, 'utf8'))), null, 2) + '\n');
console.log(`wrote ${file}`);
