/**
 * A scenario and its steps as the runner sees them. Step is derived from the registry (steps/index.ts),
 * so adding a kind there adds it here; the payload shapes the kinds share are in types.ts.
 */
import type { StepPayloads } from './steps/index.js';
import type { Duration } from './types.js';

export type StepKindName = keyof StepPayloads;

interface StepCommon {
  title?: string;
  capture?: Record<string, string>;
}

/** One step as the runner sees it: `{ kind: 'send', send: {...}, title? }`; the YAML has no `kind`, load.ts adds it. */
export type StepOf<K extends StepKindName> = StepCommon & { kind: K } & { [P in K]: StepPayloads[K] };
export type Step = { [K in StepKindName]: StepOf<K> }[StepKindName];

/** A step as written in YAML (saved requests write these). */
export type StepSource = StepCommon & Partial<StepPayloads>;

export interface Scenario {
  name: string;
  description: string;
  checkpoint?: string;
  vars?: Record<string, unknown>;
  within?: Duration;
  steps: Step[];
  /** Where it came from, for messages: the file and each step's line. */
  file: string;
  stepLines: number[];
}
