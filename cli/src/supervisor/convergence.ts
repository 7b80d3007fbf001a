import type { ProcessState } from '../stack/state.js';

/** What the supervisor sees of one process (or of infrastructure it only uses). */
export interface Observed {
  name: string;
  instance: number;
  state: ProcessState;
  detail?: string;
}

export interface ServiceDeps {
  name: string;
  dependsOn: string[];
}

export type ConvergeStep =
  | { do: 'start'; name: string; instance: number }
  | { do: 'stop'; name: string; instance: number }
  | { do: 'wait'; name: string; instance: number; reason: string };

/** States in which a process is on its way (or already there): converging leaves it alone. */
const UNDER_WAY: ProcessState[] = ['healthy', 'unhealthy', 'starting', 'restarting', 'crashed'];

/**
 * The steps that take the observed processes to the desired instance counts. An instance that is
 * missing starts once every dependency (a service, kafka or mongo) has a healthy process, and
 * otherwise waits, with that dependency's own reason. A failed instance (it crashed past its
 * restarts) is started again only when asked explicitly (`retryFailed`, i.e. by `platform up`).
 */
export function convergeSteps(
  services: ServiceDeps[],
  desired: Record<string, number>,
  observed: Observed[],
  retryFailed = false,
): ConvergeStep[] {
  const steps: ConvergeStep[] = [];
  const of = (name: string) => observed.filter((o) => o.name === name);
  for (const s of services) {
    const want = desired[s.name] ?? 0;
    for (const o of of(s.name)) {
      if (o.instance >= want && o.state !== 'stopped') steps.push({ do: 'stop', name: s.name, instance: o.instance });
    }
    for (let i = 0; i < want; i++) {
      const now = of(s.name).find((o) => o.instance === i);
      if (now && (UNDER_WAY.includes(now.state) || (now.state === 'failed' && !retryFailed))) continue;
      const blocker = s.dependsOn.map((d) => notReady(d, of(d), desired)).find(Boolean);
      steps.push(blocker ? { do: 'wait', name: s.name, instance: i, reason: blocker } : { do: 'start', name: s.name, instance: i });
    }
  }
  return steps;
}

function notReady(dep: string, procs: Observed[], desired: Record<string, number>): string | undefined {
  if (procs.some((p) => p.state === 'healthy')) return undefined;
  if (desired[dep] === 0) return `waiting for ${dep} (scaled to 0)`;
  const why = procs.find((p) => p.detail)?.detail ?? procs[0]?.state ?? 'not started';
  return `waiting for ${dep}: ${why}`;
}
