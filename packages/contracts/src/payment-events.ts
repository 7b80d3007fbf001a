export const PaymentEventType = {
  captured: 'payment.captured',
  failed: 'payment.failed',
  refunded: 'payment.refunded',
} as const;
export type PaymentEventType = (typeof PaymentEventType)[keyof typeof PaymentEventType];
export const PAYMENT_EVENT_TYPES = Object.values(PaymentEventType);

export interface PaymentFailure {
  code: string;
  reason: string;
}

/**
 * The JSON value of a message on `payments.events`: key = paymentId, headers `event-id`,
 * `event-type`, `correlation-id`. Consumers read it tolerantly (unknown fields are ignored).
 */
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
  failure?: PaymentFailure;
}
