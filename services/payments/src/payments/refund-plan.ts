import type { PaymentStatus } from './schemas/payment.schema.js';

export type RefundPlan = { ok: true; amount: number; refundedAmount: number; status: PaymentStatus } | { ok: false; reason: string };

/**
 * Decides a refund against the payment as last read. The write that follows is conditional on
 * `refundedAmount` being unchanged, so two concurrent refunds can never exceed the captured amount.
 * Omitting `requested` refunds whatever is left.
 */
export function planRefund(payment: { status: PaymentStatus; amount: number; refundedAmount: number }, requested?: number): RefundPlan {
  if (payment.status === 'failed') return { ok: false, reason: 'a failed payment has nothing to refund' };
  const refundable = payment.amount - payment.refundedAmount;
  if (refundable <= 0) return { ok: false, reason: 'the payment is already fully refunded' };
  const amount = requested ?? refundable;
  if (!Number.isInteger(amount) || amount <= 0) return { ok: false, reason: 'refund amount must be a positive integer' };
  if (amount > refundable) return { ok: false, reason: `refund of ${amount} exceeds the refundable amount ${refundable}` };
  const refundedAmount = payment.refundedAmount + amount;
  return { ok: true, amount, refundedAmount, status: refundedAmount === payment.amount ? 'refunded' : 'partially_refunded' };
}
