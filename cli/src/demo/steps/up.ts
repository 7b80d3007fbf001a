import { commandFailure, type StepKind } from '../step-kind.js';

export type UpPayload = null | { services?: string[] };

/** `up` (or `up: { services }`): starts what is not running yet, as `platform up` does. */
export const up: StepKind<UpPayload> = {
  schema: {
    description: 'a list of services to start, or nothing for all; nothing happens when the stack is already up',
    anyOf: [
      { type: 'null' },
      {
        type: 'object',
        additionalProperties: false,
        properties: { services: { type: 'array', items: { type: 'string' } } },
        description: 'an object { services: [...] }',
      },
    ],
  },
  async run(payload, { progress }) {
    const services = payload?.services ?? [];
    const command = ['platform up', ...services].join(' ');
    progress(command);
    const { bringUp } = await import('../../actions/up.action.js');
    const { dashboardLine } = await import('../../actions/dashboard.action.js');
    const { renderStack } = await import('../../ui/stack-table.js');
    try {
      const { paths, state } = await bringUp(services, { quiet: true });
      return { summary: 'the stack is up', detail: `${renderStack(state)}\n${dashboardLine(paths.stateDir, state)}`, data: state };
    } catch (e) {
      throw commandFailure(command, e);
    }
  },
  view: (payload) => ({ title: 'start the stack', command: ['platform up', ...(payload?.services ?? [])].join(' ') }),
  preflight: (payload, check) => payload?.services?.forEach((name, i) => check.service(['up', 'services', i], name)),
};
