import { PlatformError } from '../errors.js';
import type { StackEnv } from './stack-env.js';

/** What a step produced: a one-line summary, optional detail for the presenter, data for captures. */
export interface StepOutcome {
  summary: string;
  /** The summary without the value the presenter shows in full below it. */
  short?: string;
  detail?: string;
  /** Show the detail in CI output too (who got which partition is the point of the step). */
  showDetail?: boolean;
  data?: unknown;
}

/** A step that ran and did not do what the scenario says (exit 1), with the diff that shows why. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly diff?: string,
  ) {
    super(message);
  }
}

export interface StepContext {
  env: StackEnv;
  /** Default time limit of expectations. */
  withinMs: number;
  /** Progress for steps that take a while (presenter shows it, CI logs it). */
  progress: (text: string) => void;
}

/** How a step is announced before it runs: a title, the equivalent command, what it checks. */
export interface StepView {
  action: string;
  title: string;
  /** A command the audience could type to do the same by hand. */
  command?: string;
  /** In words, what an `expect` waits for. */
  check?: string;
  markdown?: string;
  /** Talks to the audience only (say, pause): no result line, the presenter's key reads "next". */
  narrative?: boolean;
  /** Holds the run until the presenter goes on (pause). */
  holds?: boolean;
}

export type ViewParts = Omit<StepView, 'action'>;

export interface ViewContext {
  gatewayUrl: string;
}

/** What `preflight` checks before the first step: names the stack or demos/ must know. */
export interface Preflight {
  service(path: (string | number)[], name: string): void;
  checkpoint(path: (string | number)[], name: string): void;
  dataset(path: (string | number)[], name: string): void;
}

/** A JSON Schema fragment (draft-07), as in demos/scenario.schema.json. */
export type JsonSchema = Record<string, unknown>;

/**
 * One kind of step (steps/<kind>.ts), registered in steps/index.ts. P is its YAML payload: the
 * value under the step's key (`send: {...}`).
 */
export interface StepKind<P> {
  /** The payload's schema: demos/scenario.schema.json is composed from these. */
  schema: JsonSchema;
  run(payload: P, ctx: StepContext): Promise<StepOutcome>;
  view(payload: P, ctx: ViewContext): ViewParts;
  /** Reads or changes the stack: the run watches Kafka from before the first such step. */
  touchesStack?: boolean;
  preflight?(payload: P, check: Preflight): void;
}

/** The error of a CLI action a step called, as the step's failure: the command, the message, the hint below. */
export function commandFailure(command: string, e: unknown): unknown {
  if (!(e instanceof PlatformError)) return e;
  return new StepFailure(`${command}: ${e.message}`, e.hint ? `  ${e.hint}` : undefined);
}
