import type { ChildSpec } from '../infra/child-spec.js';
import type { ProjectPaths } from '../stack/project.js';
import type { StackEndpoints } from '../stack/service-child.js';
import type { ServiceSpec } from '../stack/declaration.js';
import type { StackState } from '../stack/state.js';

/** What `platform up` hands the supervisor (written to .platform/plan.json). */
export interface SupervisorPlan {
  paths: ProjectPaths;
  provider: StackState['provider'];
  endpoints: StackEndpoints;
  infra: ChildSpec[];
  /** Every declared service (for peer ports and `scale`), and the names to start, level by level. */
  services: ServiceSpec[];
  levels: string[][];
  topics: [string, number][];
  startTimeoutMs: number;
}

/** Kafka and the database get 90 s, or `up --timeout` when that is longer (a JVM on a loaded machine can need more). */
export function infraTimeoutMs(startTimeoutMs: number): number {
  return Math.max(90_000, startTimeoutMs);
}
