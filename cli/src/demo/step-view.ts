import type { StepView } from './step-kind.js';
import { lookup } from './steps/index.js';
import type { Step } from './scenario.js';

/** How a step is announced before it runs, from its kind's module (steps/<kind>.ts). */
export function viewStep(step: Step, gatewayUrl = 'http://127.0.0.1:3000'): StepView {
  const { kind, payload } = lookup(step);
  const view = kind.view(payload, { gatewayUrl });
  return { action: step.kind, ...view, title: step.title ?? view.title };
}
