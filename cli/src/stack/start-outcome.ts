import type { ProcessStatus, StackState } from './state.js';

export interface StartProblem {
  /** The component to blame: "mongo", "ledger", "notifications #1". */
  name: string;
  reason: string;
  /** Infrastructure that does not answer (exit 3), rather than a process that failed (exit 1). */
  unreachable: boolean;
}

export type StartOutcome = { done: true } | { done: false; problem?: StartProblem; waiting: ProcessStatus[] };

/** Kafka or a database run elsewhere answers within this, or `up` stops waiting for it. */
export const OUTSIDE_GRACE_MS = 15_000;

const label = (p: ProcessStatus) => (p.instance ? `${p.name} #${p.instance}` : p.name);
const isInfra = (p: ProcessStatus) => p.kind !== 'service';

/**
 * Where a start stands for the services `up` asked for: done when each runs its desired instances,
 * all healthy; a problem as soon as one failed (crashed past its restarts) or infrastructure run
 * elsewhere has not answered for OUTSIDE_GRACE_MS; otherwise still waiting, for what and why.
 */
export function startOutcome(state: StackState, names: string[], elapsedMs: number): StartOutcome {
  const infra = state.processes.filter(isInfra);
  const asked = state.processes.filter((p) => names.includes(p.name) && p.instance < (state.desired[p.name] ?? 0));
  const failed = [...infra, ...asked].find((p) => p.state === 'failed');
  if (failed) return { done: false, problem: { name: label(failed), reason: failed.detail ?? 'failed', unreachable: false }, waiting: [] };
  const silent = infra.filter((p) => p.managed === false && p.state !== 'healthy');
  if (silent.length && elapsedMs > OUTSIDE_GRACE_MS) {
    return {
      done: false,
      problem: {
        name: silent.map((p) => p.name).join(' and '),
        reason: silent.map((p) => p.detail ?? `${p.name} does not answer`).join('; '),
        unreachable: true,
      },
      waiting: [],
    };
  }
  const complete = names.every((n) => asked.filter((p) => p.name === n).length === (state.desired[n] ?? 0) && (state.desired[n] ?? 0) > 0);
  const waiting = [...infra, ...asked].filter((p) => p.state !== 'healthy');
  return complete && !waiting.length ? { done: true } : { done: false, waiting };
}

/** What to say when the time is up: the first thing not healthy, infrastructure first. */
export function timedOut(outcome: { waiting: ProcessStatus[] }, timeoutMs: number): StartProblem {
  const first = outcome.waiting.find(isInfra) ?? outcome.waiting[0];
  if (!first) return { name: 'stack', reason: `not healthy after ${timeoutMs / 1000} s`, unreachable: false };
  return {
    name: label(first),
    reason: `${first.state} after ${timeoutMs / 1000} s${first.detail ? `: ${first.detail}` : ''}`,
    unreachable: isInfra(first),
  };
}

/** "mongo (restoring 98.1 MB of data: 40%), ledger": each name once, with what a starting process says it is doing. */
export function waitingFor(waiting: ProcessStatus[]): string {
  const said = new Map<string, string | undefined>();
  for (const p of waiting) if (!said.get(p.name)) said.set(p.name, p.state === 'starting' ? p.detail : undefined);
  return [...said].map(([name, detail]) => (detail ? `${name} (${detail})` : name)).join(', ');
}
