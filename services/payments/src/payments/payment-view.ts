import { randomBytes, createHash } from 'node:crypto';
import type { Payment } from './schemas/payment.schema.js';
import { newEventId, type PaymentEvent, type PaymentEventType } from './payment-events.js';
import type { OutboxEvent, Refund } from './schemas/payment.schema.js';
import { traceCarrier } from '@platform/nest-kit';

/** Random ids in base64url: letters around the digits keep them from ever looking like a card number. */
export function newPaymentId(): string {
  return `pay_${randomBytes(12).toString('base64url')}`;
}

export function newRefundId(): string {
  return `re_${randomBytes(12).toString('base64url')}`;
}

/** A refund sent with an Idempotency-Key always gets the same id, which is how a retry is recognised. */
export function refundIdFor(merchantId: string, paymentId: string, key: string): string {
  return `re_${createHash('sha256').update(`${merchantId}\n${paymentId}\n${key}`).digest('base64url').slice(0, 16)}`;
}

export type PaymentView = ReturnType<typeof toView>;

/** What callers see of a payment: no outbox, no internal bookkeeping. */
export function toView(p: Payment) {
  return {
    id: p._id,
    merchantId: p.merchantId,
    customerId: p.customerId,
    paymentMethodId: p.paymentMethodId,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    refundedAmount: p.refundedAmount,
    refunds: p.refunds.map((r) => ({ id: r.id, amount: r.amount, reason: r.reason, createdAt: r.createdAt })),
    ...(p.failure ? { failure: p.failure } : {}),
    ...(p.description ? { description: p.description } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

type EventSubject = Pick<Payment, '_id' | 'merchantId' | 'customerId' | 'amount' | 'currency' | 'status' | 'failure'>;

/** The outbox entry for a state change; written in the same document update as the change itself. */
export function outboxEntry(
  type: PaymentEventType,
  payment: EventSubject,
  correlationId: string | undefined,
  refund?: Pick<Refund, 'id' | 'amount'>,
): OutboxEvent {
  const eventId = newEventId();
  const now = new Date();
  const payload: PaymentEvent = {
    eventId,
    type,
    occurredAt: now.toISOString(),
    paymentId: payment._id,
    merchantId: payment.merchantId,
    customerId: payment.customerId,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    ...(refund ? { refund: { refundId: refund.id, amount: refund.amount } } : {}),
    ...(payment.failure ? { failure: payment.failure } : {}),
  };
  const trace = traceCarrier();
  return { eventId, type, payload, correlationId, ...(trace ? { trace } : {}), createdAt: now, sentAt: null };
}
