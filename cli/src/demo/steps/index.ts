/**
 * The step kinds: a scenario step is `<kind>: <payload>` (plus title and capture). A new kind is a
 * file here exporting a StepKind (schema, run, view) and one line below; see docs/workshop.md.
 * The order is the order error messages and the schema list them in.
 */
import type { StepKind } from '../step-kind.js';
import { down } from './down.js';
import { expect } from './expect.js';
import { http } from './http.js';
import { kill } from './kill.js';
import { pause } from './pause.js';
import { reset } from './reset.js';
import { restart } from './restart.js';
import { say } from './say.js';
import { scale } from './scale.js';
import { seed } from './seed.js';
import { send } from './send.js';
import { up } from './up.js';
import { wait } from './wait.js';

const kinds = { say, up, down, seed, reset, send, http, expect, kill, restart, scale, wait, pause };

/** Each kind's YAML payload, from its StepKind. */
export type StepPayloads = { [K in keyof typeof kinds]: (typeof kinds)[K] extends StepKind<infer P> ? P : never };

export const STEPS: { [K in keyof StepPayloads]: StepKind<StepPayloads[K]> } = kinds;
export const STEP_KINDS = Object.keys(STEPS) as (keyof StepPayloads)[];

/** A step's kind and its payload. The kind → payload link was checked by load.ts against the schema. */
export function lookup(step: { kind: keyof StepPayloads }): { kind: StepKind<unknown>; payload: unknown } {
  return { kind: STEPS[step.kind], payload: (step as unknown as Record<keyof StepPayloads, unknown>)[step.kind] };
}

/** Which kind a step read from YAML is: the one key it has of the registry's. */
export function kindOf(source: object): keyof StepPayloads | undefined {
  return STEP_KINDS.find((k) => k in source);
}
