import { describe, expect, it } from 'vitest';
import { planRefund } from './refund-plan.js';

const captured = { status: 'captured' as const, amount: 1000, refundedAmount: 0 };

describe('planRefund', () => {
  it('refunds everything left when no amount is given', () => {
    expect(planRefund(captured)).toEqual({ ok: true, amount: 1000, refundedAmount: 1000, status: 'refunded' });
  });

  it('allows partial refunds up to the captured amount', () => {
    expect(planRefund(captured, 300)).toEqual({ ok: true, amount: 300, refundedAmount: 300, status: 'partially_refunded' });
    const partly = { status: 'partially_refunded' as const, amount: 1000, refundedAmount: 300 };
    expect(planRefund(partly, 700)).toMatchObject({ ok: true, status: 'refunded', refundedAmount: 1000 });
  });

  it('never goes above the captured amount', () => {
    expect(planRefund(captured, 1001)).toMatchObject({ ok: false });
    expect(planRefund({ status: 'partially_refunded', amount: 1000, refundedAmount: 900 }, 101)).toMatchObject({ ok: false });
    expect(planRefund({ status: 'refunded', amount: 1000, refundedAmount: 1000 })).toMatchObject({ ok: false });
  });

  it('refuses failed payments and non-positive amounts', () => {
    expect(planRefund({ status: 'failed', amount: 1000, refundedAmount: 0 })).toMatchObject({ ok: false });
    expect(planRefund(captured, 0)).toMatchObject({ ok: false });
    expect(planRefund(captured, 1.5)).toMatchObject({ ok: false });
  });
});
