import { renderTable } from '../../ui/output.js';
import type { StepKind } from '../step-kind.js';

/** `scale: { service: instances }`: as `platform scale` does, and waits until they run healthy. */
export const scale: StepKind<Record<string, number>> = {
  schema: {
    type: 'object',
    minProperties: 1,
    description: 'instances per service, e.g. { notifications: 2 }',
    additionalProperties: { type: 'integer', minimum: 0, maximum: 9 },
  },
  touchesStack: true,
  async run(instances, { env, progress }) {
    for (const name of Object.keys(instances)) env.service(name);
    progress(
      `scaling ${Object.entries(instances)
        .map(([name, count]) => `${name} to ${count}`)
        .join(', ')}`,
    );
    await env.setDesired(instances);
    const procs = (await env.state()).processes.filter((p) => p.name in instances && p.state !== 'stopped');
    return {
      summary: Object.entries(instances)
        .map(([name, count]) => `${name}: ${count} instance${count === 1 ? '' : 's'}`)
        .join(', '),
      detail: renderTable(
        ['instance', 'address', 'pid', 'state'],
        procs.map((p) => [`${p.name} #${p.instance}`, p.address, p.pid ?? '-', p.state]),
      ),
      showDetail: true,
    };
  },
  view(instances) {
    const pairs = Object.entries(instances).map(([name, count]) => `${name}=${count}`);
    return { title: `scale ${pairs.join(' ')}`, command: `platform scale ${pairs.join(' ')}` };
  },
  preflight: (instances, check) => Object.keys(instances).forEach((name) => check.service(['scale', name], name)),
};
