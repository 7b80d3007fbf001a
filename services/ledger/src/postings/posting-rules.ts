import type { Leg } from './schemas/posting.schema.js';

export interface PaymentFacts {
  type: string;
  paymentId: string;
  merchantId: string;
  customerId: string;
  amount: number;
  currency: string;
  refund?: { refundId: string; amount: number };
}

export interface PostingDraft {
  postingKey: string;
  kind: 'capture' | 'refund';
  legs: Leg[];
}

/** Which money moves for a payment event: capture moves customer -> merchant, refund moves it back. */
export function postingFor(event: PaymentFacts): PostingDraft | undefined {
  const { customerId, merchantId, currency } = event;
  if (event.type === 'payment.captured') {
    return {
      postingKey: `capture:${event.paymentId}`,
      kind: 'capture',
      legs: [
        { account: customerId, currency, amount: -event.amount },
        { account: merchantId, currency, amount: event.amount },
      ],
    };
  }
  if (event.type === 'payment.refunded' && event.refund) {
    return {
      postingKey: `refund:${event.refund.refundId}`,
      kind: 'refund',
      legs: [
        { account: merchantId, currency, amount: -event.refund.amount },
        { account: customerId, currency, amount: event.refund.amount },
      ],
    };
  }
  return undefined;
}

/** Double entry: at least two legs, whole non-zero amounts, and per currency the legs sum to zero. */
export function isBalanced(legs: Leg[]): boolean {
  if (legs.length < 2) return false;
  const sums = new Map<string, number>();
  for (const leg of legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0) return false;
    sums.set(leg.currency, (sums.get(leg.currency) ?? 0) + leg.amount);
  }
  return [...sums.values()].every((sum) => sum === 0);
}
