import { describe, expect, it } from 'vitest';
import { isBalanced, postingFor } from './posting-rules.js';

const base = { paymentId: 'pay_1', merchantId: 'm_acme', customerId: 'cus_alice', amount: 2500, currency: 'EUR' };

describe('postingFor', () => {
  it('moves a captured amount from customer to merchant', () => {
    const p = postingFor({ ...base, type: 'payment.captured' })!;
    expect(p.postingKey).toBe('capture:pay_1');
    expect(p.legs).toEqual([
      { account: 'cus_alice', currency: 'EUR', amount: -2500 },
      { account: 'm_acme', currency: 'EUR', amount: 2500 },
    ]);
    expect(isBalanced(p.legs)).toBe(true);
  });

  it('moves a refund back, keyed by refund id so partial refunds each post once', () => {
    const p = postingFor({ ...base, type: 'payment.refunded', refund: { refundId: 're_1', amount: 700 } })!;
    expect(p.postingKey).toBe('refund:re_1');
    expect(p.legs.map((l) => l.amount)).toEqual([-700, 700]);
    expect(isBalanced(p.legs)).toBe(true);
  });

  it('posts nothing for a failed payment', () => {
    expect(postingFor({ ...base, type: 'payment.failed' })).toBeUndefined();
  });
});

describe('isBalanced', () => {
  it('rejects legs that do not sum to zero per currency', () => {
    expect(
      isBalanced([
        { account: 'a', currency: 'EUR', amount: -5 },
        { account: 'b', currency: 'EUR', amount: 4 },
      ]),
    ).toBe(false);
    expect(
      isBalanced([
        { account: 'a', currency: 'EUR', amount: -5 },
        { account: 'b', currency: 'USD', amount: 5 },
      ]),
    ).toBe(false);
    expect(
      isBalanced([
        { account: 'a', currency: 'EUR', amount: 0 },
        { account: 'b', currency: 'EUR', amount: 0 },
      ]),
    ).toBe(false);
    expect(
      isBalanced([
        { account: 'a', currency: 'EUR', amount: 1.5 },
        { account: 'b', currency: 'EUR', amount: -1.5 },
      ]),
    ).toBe(false);
    expect(isBalanced([{ account: 'a', currency: 'EUR', amount: 5 }])).toBe(false);
  });
});
