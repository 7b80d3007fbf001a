import type { StepFailure, JsonSchema, StepContext, StepOutcome, ViewContext, ViewParts, Preflight } from '../../step-kind.js';

/** What one matcher of `expect` (steps/expect/<name>.ts) waits for. */
export interface Matcher<P> {
  schema: JsonSchema;
  run(payload: P, ctx: ExpectContext): Promise<StepOutcome>;
  /** The view without the time limit, which `expect` adds. */
  view(payload: P, ctx: ViewContext): ViewParts;
  preflight?(payload: P, check: Preflight): void;
}

export interface ExpectContext extends StepContext {
  /** The time limit, and when it runs out (epoch ms). */
  within: number;
  end: number;
  /** With an exact count: how long to keep watching for extras. */
  settleMs: number;
  /** Calls attempt until it returns a value, or throws explain() when the time is up. */
  poll<T>(attempt: () => Promise<T | undefined>, explain: () => StepFailure): Promise<T>;
}
