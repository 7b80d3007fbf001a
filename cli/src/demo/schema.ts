import type { JsonSchema } from './step-kind.js';
import { STEP_KINDS, STEPS } from './steps/index.js';

/**
 * The scenario schema with its step definition made from the registry (steps/<kind>.ts own their
 * payload's schema). demos/scenario.schema.json is this, written out for editors: a unit test
 * keeps the two equal, and `npm run scenario-schema -w cli` writes it again after a change.
 */
export function scenarioSchema(shipped: JsonSchema): JsonSchema {
  const definitions = shipped.definitions as Record<string, JsonSchema>;
  return { ...shipped, definitions: { ...definitions, step: stepSchema() } };
}

function stepSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    description: `one action (${STEP_KINDS.join(', ')}) plus optional title and capture`,
    oneOf: STEP_KINDS.map((kind) => ({ required: [kind] })),
    properties: {
      title: { type: 'string', description: 'a short name for the step (presenter header, JUnit test case)' },
      capture: { $ref: '#/definitions/capture' },
      ...Object.fromEntries(STEP_KINDS.map((kind) => [kind, STEPS[kind].schema])),
    },
  };
}
