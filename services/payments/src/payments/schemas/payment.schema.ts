import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { PaymentEvent, PaymentEventType } from '../payment-events.js';

export type PaymentStatus = 'captured' | 'failed' | 'partially_refunded' | 'refunded';

@Schema({ _id: false, versionKey: false })
export class Refund {
  @Prop({ required: true }) id!: string;
  @Prop({ required: true }) amount!: number;
  @Prop() reason?: string;
  /** Hash of the refund request when the caller sent an Idempotency-Key, to spot a reused key. */
  @Prop() requestHash?: string;
  @Prop({ required: true }) createdAt!: Date;
}
export const RefundSchema = SchemaFactory.createForClass(Refund);

/**
 * An event of the payment (the outbox), recorded in the same atomic write as the state change it
 * announces; the relay sets `sentAt` once Kafka has acknowledged it (see OutboxRelay).
 */
@Schema({ _id: false, versionKey: false })
export class OutboxEvent {
  @Prop({ required: true }) eventId!: string;
  @Prop({ type: String, required: true }) type!: PaymentEventType;
  @Prop({ type: Object, required: true }) payload!: PaymentEvent;
  @Prop() correlationId?: string;
  /** W3C trace context of the request that wrote the event: the relay's publish continues that trace. */
  @Prop({ type: Object }) trace?: Record<string, string>;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ type: Date, default: null }) sentAt!: Date | null;
}
export const OutboxEventSchema = SchemaFactory.createForClass(OutboxEvent);

/**
 * A payment and its events in one document: a state change and the event announcing it are one
 * atomic single-document write, so no transaction is needed.
 */
@Schema({ collection: 'payments', versionKey: false, timestamps: true })
export class Payment {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, index: true }) merchantId!: string;
  @Prop({ required: true, index: true }) customerId!: string;
  @Prop({ required: true }) paymentMethodId!: string;
  @Prop({ required: true }) amount!: number;
  @Prop({ required: true }) currency!: string;
  @Prop({ type: String, required: true }) status!: PaymentStatus;
  @Prop({ default: 0 }) refundedAmount!: number;
  @Prop({ type: [RefundSchema], default: [] }) refunds!: Refund[];
  @Prop({ type: Object }) failure?: { code: string; reason: string };
  @Prop() description?: string;
  @Prop({ required: true }) idempotencyKey!: string;
  @Prop() correlationId?: string;
  @Prop({ type: [OutboxEventSchema], default: [] }) outbox!: OutboxEvent[];
  /** Outbox entries not yet sent: `$inc`-ed with each appended event, decremented as the relay marks one sent. */
  @Prop({ default: 0, index: true }) pendingEvents!: number;
  createdAt!: Date;
  updatedAt!: Date;
}
export const PaymentSchema = SchemaFactory.createForClass(Payment);
