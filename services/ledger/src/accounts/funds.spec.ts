import { describe, expect, it } from 'vitest';
import { canHold, fundsView, heldIn } from './funds.js';

const at = new Date(0);
const holds = {
  pay_a: { amount: 300, currency: 'EUR', createdAt: at },
  pay_b: { amount: 200, currency: 'EUR', createdAt: at },
  pay_c: { amount: 50, currency: 'USD', createdAt: at },
};

describe('funds', () => {
  it('sums holds per currency', () => {
    expect(heldIn(holds, 'EUR')).toBe(500);
    expect(heldIn(holds, 'GBP')).toBe(0);
    expect(heldIn(undefined, 'EUR')).toBe(0);
  });

  it('holds only what is available after open holds', () => {
    expect(canHold(1000, holds, 'EUR', 500)).toBe(true);
    expect(canHold(1000, holds, 'EUR', 501)).toBe(false);
    expect(canHold(0, {}, 'EUR', 1)).toBe(false);
  });

  it('reports posted, held and available per currency', () => {
    expect(fundsView(new Map([['EUR', 1000]]), holds)).toEqual([
      { currency: 'EUR', posted: 1000, held: 500, available: 500 },
      { currency: 'USD', posted: 0, held: 50, available: -50 },
    ]);
  });
});
