import type { StepKind } from '../step-kind.js';

/** `pause: why`: the presenter waits for Enter; --ci and --auto go on. */
export const pause: StepKind<string | null> = {
  schema: { type: ['string', 'null'], description: 'presenter mode waits for Enter; ci and --auto go on' },
  run: async () => ({ summary: '' }),
  view: (reason) => ({ title: reason ?? 'pause', narrative: true, holds: true }),
};
