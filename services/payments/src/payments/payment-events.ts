import { randomBytes } from 'node:crypto';

/** The topic payments publishes to; ledger and notifications consume it. */
export const PAYMENTS_EVENTS_TOPIC = 'payments.events';

export const PaymentEventType = {
  captured: 'payment.captured',
  failed: 'payment.failed',
  refunded: 'payment.refunded',
} as const;
export type PaymentEventType = (typeof PaymentEventType)[keyof typeof PaymentEventType];

/** The JSON value of a message on payments.events (key = paymentId). */
export interface PaymentEvent {
  eventId: string;
  type: PaymentEventType;
  occurredAt: string;
  paymentId: string;
  merchantId: string;
  customerId: string;
  amount: number;
  currency: string;
  status: string;
  refund?: { refundId: string; amount: number };
  failure?: { code: string; reason: string };
}

export function newEventId(): string {
  return `evt_${randomBytes(12).toString('base64url')}`;
}
