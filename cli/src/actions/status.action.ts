import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import type { StackState } from '../stack/state.js';
import { requireStack } from '../stack/live.js';
import { printJson } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';

export async function statusAction(opts: { json?: boolean }): Promise<void> {
  const paths = projectPaths();
  const state = await requireStack(paths.stateDir);
  await addConsumerExtras(state, paths.servicesDir);
  if (opts.json) return printJson(state);
  process.stdout.write(renderStack(state) + '\n');
}

/** Lag and dead letters of the services that consume Kafka topics, in the `extra` column; best effort. */
async function addConsumerExtras(state: StackState, servicesDir: string): Promise<void> {
  const kafkaUp = state.processes.some((p) => p.kind === 'kafka' && p.state === 'healthy') || state.provider === 'external';
  if (!kafkaUp || !state.kafkaBrokers?.length) return;
  let specs;
  try {
    specs = discoverServices(servicesDir).filter((s) => s.consumes.length);
  } catch {
    return;
  }
  if (!specs.length) return;
  const { consumerExtras } = await import('../transports/kafka/consumer-lag.js');
  const extras = await consumerExtras(state.kafkaBrokers, specs);
  for (const p of state.processes) {
    const e = p.kind === 'service' && p.instance === 0 ? extras.get(p.name) : undefined;
    if (!e) continue;
    p.extra = { lag: e.lag ?? '-', ...(e.dlt !== undefined ? { dlt: e.dlt } : {}) };
  }
}
