import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { PaymentEvent, PaymentEventType } from '../../payments/payment-events.js';

/**
 * The delivery queue: one document per event not yet handed to Kafka, written just before the
 * payment write that records the same event in `payments.outbox[]`, deleted once Kafka accepted it.
 * It stays small (only undelivered events), so the relay's sweep and deletes are cheap on FerretDB
 * 1.24, where every query and update, even by `_id`, scans its table: marking `sentAt` on the
 * ever-growing `payments` collection cost a scan under SQLite's single write lock per payment.
 * An entry is published only if its payment's `outbox[]` holds the same event id: that write is the
 * commit; an entry whose payment write never happened is dropped after a grace period.
 */
@Schema({ collection: 'payments_outbox', versionKey: false })
export class OutboxMessage {
  /** The event id. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) paymentId!: string;
  /** Position of the event in the payment's `outbox[]` (entries are only appended): keeps a payment's events in order. */
  @Prop({ required: true }) index!: number;
  @Prop({ type: String, required: true }) type!: PaymentEventType;
  @Prop({ type: Object, required: true }) payload!: PaymentEvent;
  @Prop() correlationId?: string;
  @Prop({ required: true }) createdAt!: Date;
}
export const OutboxMessageSchema = SchemaFactory.createForClass(OutboxMessage);
