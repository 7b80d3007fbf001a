import { commandFailure, type StepKind } from '../step-kind.js';

/** `down`: stops the stack, as `platform down` does. */
export const down: StepKind<null | Record<string, never>> = {
  schema: { description: 'an empty value: stops the stack', anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: false }] },
  async run(_payload, { progress }) {
    progress('platform down');
    const { bringDown, stoppedLine } = await import('../../actions/down.action.js');
    try {
      const { result } = await bringDown({});
      return { summary: 'the stack is stopped', detail: stoppedLine(result), data: result };
    } catch (e) {
      throw commandFailure('platform down', e);
    }
  },
  view: () => ({ title: 'stop the stack', command: 'platform down' }),
};
