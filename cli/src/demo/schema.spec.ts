import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH } from './load.js';
import { scenarioSchema } from './schema.js';
import { STEP_KINDS } from './steps/index.js';

describe('scenario schema', () => {
  const shipped = readFileSync(SCHEMA_PATH, 'utf8');

  it('ships what the step registry says (else: npm run build && npm run scenario-schema -w cli)', () => {
    expect(JSON.stringify(scenarioSchema(JSON.parse(shipped)), null, 2) + '\n').toBe(shipped);
  });

  it('lists every step kind as an action', () => {
    const step = (JSON.parse(shipped) as { definitions: { step: { oneOf: { required: string[] }[] } } }).definitions.step;
    expect(step.oneOf.map((o) => o.required[0])).toEqual(STEP_KINDS);
    expect(STEP_KINDS).toHaveLength(13);
  });
});
