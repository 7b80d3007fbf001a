import type { StepContext, StepOutcome } from './step-kind.js';
import { lookup } from './steps/index.js';
import type { Step } from './scenario.js';

/** Runs a step with its kind's module (steps/<kind>.ts). */
export function runStep(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const { kind, payload } = lookup(step);
  return kind.run(payload, ctx);
}
