import { describe, expect, it } from 'vitest';
import { partialMatch, renderDiff } from './match.js';

// eslint-disable-next-line no-control-regex -- strips ANSI colour codes
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('partialMatch', () => {
  it('ignores keys the expectation does not name', () => {
    expect(partialMatch({ status: 'captured' }, { status: 'captured', id: 'x', amount: 5 })).toEqual([]);
  });

  it('reports each differing path with expected and actual', () => {
    expect(
      partialMatch({ status: 'captured', payment: { amount: 5, currency: 'EUR' } }, { status: 'pending', payment: { amount: 5 } }),
    ).toEqual([
      { path: 'status', expected: 'captured', actual: 'pending' },
      { path: 'payment.currency', expected: 'EUR', actual: undefined, reason: 'missing' },
    ]);
  });

  it('does not confuse numbers and strings', () => {
    expect(partialMatch({ amount: 5 }, { amount: '5' })).toHaveLength(1);
  });

  it('matches arrays element by element and checks their length', () => {
    expect(partialMatch([{ a: 1 }, { a: 2 }], [{ a: 1, b: 0 }, { a: 2 }])).toEqual([]);
    expect(partialMatch([{ a: 1 }], [{ a: 1 }, { a: 2 }])[0].reason).toBe('expected 1 item, got 2');
    expect(partialMatch({ list: [1] }, { list: 'x' })[0]).toMatchObject({ path: 'list', reason: 'expected an array, got string' });
  });

  it('finds items anywhere in an array with $contains', () => {
    const actual = {
      balances: [
        { currency: 'USD', held: 0 },
        { currency: 'EUR', held: 5 },
      ],
    };
    expect(partialMatch({ balances: { $contains: [{ currency: 'EUR', held: 5 }] } }, actual)).toEqual([]);
    expect(partialMatch({ balances: { $contains: { currency: 'GBP' } } }, actual)[0].reason).toBe(
      'expected an item matching {"currency":"GBP"}',
    );
  });

  it('supports operators', () => {
    const actual = { id: 'pay_123', amount: 1500, status: 'captured', note: null };
    expect(
      partialMatch(
        {
          id: { $regex: '^pay_' },
          amount: { $gte: 1000, $lt: 2000 },
          status: { $in: ['captured', 'authorized'] },
          note: { $exists: false },
          other: { $exists: false },
        },
        actual,
      ),
    ).toEqual([]);
    expect(
      partialMatch({ id: { $exists: true }, amount: { $gt: 2000 }, status: { $ne: 'captured' }, x: { $type: 'string' } }, actual).map(
        (m) => m.path,
      ),
    ).toEqual(['id', 'amount', 'status', 'x'].slice(1));
  });
});

describe('renderDiff', () => {
  it('shows expected and actual per path, then the actual value', () => {
    const actual = { status: 'pending', id: 'p1' };
    const text = plain(renderDiff(partialMatch({ status: 'captured' }, actual), actual));
    expect(text).toBe(
      [
        '  status',
        '    - expected "captured"',
        '    + actual   "pending"',
        '  actual value:',
        '    {',
        '      "status": "pending",',
        '      "id": "p1"',
        '    }',
      ].join('\n'),
    );
  });

  it('explains operator failures in words and truncates long values', () => {
    const actual = { n: 1, big: Array.from({ length: 50 }, (_, i) => i) };
    const text = plain(renderDiff(partialMatch({ n: { $gt: 3 } }, actual), actual, { maxLines: 5 }));
    expect(text).toContain('n  (expected a number > 3, got 1)');
    expect(text).toMatch(/\.\.\. \d+ more lines/);
  });
});
