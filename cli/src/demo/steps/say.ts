import type { StepKind } from '../step-kind.js';

/** `say: markdown`: narration for the audience. */
export const say: StepKind<string> = {
  schema: { type: 'string', description: 'markdown shown to the audience' },
  run: async () => ({ summary: '' }),
  view(markdown) {
    const heading = /^#+\s+(.+)$/m.exec(markdown)?.[1];
    const first = markdown.split('\n')[0].replace(/\*\*|`/g, '');
    return { title: heading ?? (first.length > 60 ? first.slice(0, 57) + '...' : first), markdown, narrative: true };
  },
};
