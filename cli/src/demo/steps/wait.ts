import { formatMs, toMs } from '../duration.js';
import { sleep } from '../format.js';
import { StepFailure, type StepKind } from '../step-kind.js';
import type { Duration } from '../types.js';

export type WaitPayload = Duration | { healthy: string | string[]; within?: Duration };

/** `wait: 2s`, or `wait: { healthy: service }` until every instance of it is healthy. */
export const wait: StepKind<WaitPayload> = {
  schema: {
    anyOf: [
      { $ref: '#/definitions/duration' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['healthy'],
        properties: {
          healthy: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          within: { $ref: '#/definitions/duration' },
        },
      },
    ],
    description: 'a duration (500ms, 10s, 1m) or { healthy: service, within }',
  },
  async run(payload, { env, withinMs }) {
    if (typeof payload !== 'object') {
      const ms = toMs(payload, 0);
      await sleep(ms);
      return { summary: `waited ${formatMs(ms)}` };
    }
    const names = [payload.healthy].flat();
    const ms = toMs(payload.within, withinMs);
    const end = Date.now() + ms;
    for (;;) {
      const procs = (await env.state()).processes.filter((p) => names.includes(p.name));
      const sick = procs.filter((p) => p.state !== 'healthy');
      if (procs.length && !sick.length) return { summary: `${names.join(', ')} healthy` };
      if (Date.now() > end)
        throw new StepFailure(
          `not healthy within ${formatMs(ms)}: ${sick.map((p) => `${p.name} #${p.instance} is ${p.state}${p.detail ? ` (${p.detail})` : ''}`).join('; ') || names.join(', ') + ' not running'}`,
        );
      await sleep(250);
    }
  },
  view(payload) {
    if (typeof payload !== 'object') return { title: `wait ${typeof payload === 'number' ? `${payload}s` : payload}` };
    const names = [payload.healthy].flat();
    return { title: `wait until ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} healthy`, command: 'platform status' };
  },
};
