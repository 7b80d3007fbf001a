import { describe, expect, it } from 'vitest';
import { compileSynthetic, type SyntheticSpec } from './synthetic.js';

const spec = (over: Partial<SyntheticSpec>): SyntheticSpec => ({ of: 'things', each: { things: { _id: 't_{n:3}' } }, ...over });

describe('compileSynthetic', () => {
  it('fills holes with integer arithmetic over n and the vars, padded, lower-cased, or as numbers', () => {
    const s = compileSynthetic(
      spec({
        vars: { colour: { pick: ['Red', 'Green'], at: 'n / 2' }, score: '(n + 3) * 10 % 7 - 1' },
        each: {
          things: {
            _id: 't_{n:3}',
            label: '{colour|lower}-{n}',
            score: { $int: 'score' },
            neg: { $int: '-score' },
            tags: ['{colour}', 7],
            nested: { of: 'x{n}y' },
          },
        },
      }),
      'f.json',
    );
    expect(s.docs(2, 4).things).toEqual([
      { _id: 't_002', label: 'green-2', score: (50 % 7) - 1, neg: -((50 % 7) - 1), tags: ['Green', 7], nested: { of: 'x2y' } },
      { _id: 't_003', label: 'green-3', score: (60 % 7) - 1, neg: -((60 % 7) - 1), tags: ['Green', 7], nested: { of: 'x3y' } },
    ]);
    expect(s.idPrefix).toEqual({ things: 't_' });
    expect(s.collections).toEqual(['things']);
  });

  it('names the template it cannot read (exit 2)', () => {
    expect(() => compileSynthetic(spec({ vars: { a: 'n + m' } }), 'f.json')).toThrow(
      /f\.json: \$seed\.synthetic cannot read "n \+ m": "m" is neither a number nor one of n/,
    );
    expect(() => compileSynthetic(spec({ vars: { a: '(n + 1' } }), 'f.json')).toThrow(/a "\)" is missing/);
    expect(() => compileSynthetic(spec({ each: { things: { _id: 't_{n:x}' } } }), 'f.json')).toThrow(/cannot read "\{n:x\}"/);
    expect(() => compileSynthetic(spec({ each: { things: { name: 'no id' } } }), 'f.json')).toThrow(
      /each\.things must be a document template with a string _id/,
    );
    expect(() => compileSynthetic(spec({ vars: { a: { pick: [], at: 'n' } } }), 'f.json')).toThrow(/vars\.a must be/);
    expect(() => compileSynthetic({ each: {} } as never, 'f.json')).toThrow(/needs "of"/);
    expect(() => compileSynthetic(spec({ once: { owners: [{ name: 'x' }] } }), 'f.json')).toThrow(
      /once\.owners must be an array of documents with an _id/,
    );
  });

  it('uses a var only after it is declared', () => {
    expect(() => compileSynthetic(spec({ vars: { a: 'b + 1', b: 'n' } }), 'f.json')).toThrow(/"b" is neither/);
  });
});
