import { seedNamedDataset } from '../mongo-adapter.js';
import type { StepKind } from '../step-kind.js';

export type SeedPayload = string | { dataset: string; reset?: boolean };

const normalized = (seed: SeedPayload) => (typeof seed === 'string' ? { dataset: seed, reset: false } : seed);

/** `seed: dataset`: loads demos/data/<dataset>.json, as `platform seed` does. */
export const seed: StepKind<SeedPayload> = {
  schema: {
    description: 'a dataset name (demos/data/<name>.json) or { dataset, reset }',
    anyOf: [
      { type: 'string' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['dataset'],
        properties: { dataset: { type: 'string' }, reset: { type: 'boolean' } },
      },
    ],
  },
  async run(payload, { env }) {
    const { dataset, reset } = normalized(payload);
    const counts = await seedNamedDataset(env.paths.root, dataset, (await env.state()).mongoUrl, Boolean(reset));
    return {
      summary: Object.entries(counts)
        .map(([collection, n]) => `${n} ${collection}`)
        .join(', '),
      data: counts,
    };
  },
  view(payload) {
    const { dataset, reset } = normalized(payload);
    return { title: `load dataset ${dataset}`, command: `platform seed ${dataset}${reset ? ' --reset' : ''}` };
  },
  preflight: (payload, check) => check.dataset(['seed'], normalized(payload).dataset),
};
