import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** One side of a posting; `amount` is signed minor units (+ credit, - debit) and carries its currency. */
@Schema({ _id: false, versionKey: false })
export class Leg {
  @Prop({ required: true }) account!: string;
  @Prop({ required: true }) currency!: string;
  @Prop({ required: true }) amount!: number;
}
export const LegSchema = SchemaFactory.createForClass(Leg);

/** Where an event came from: a redelivery of the same message carries the same partition and offset. */
export interface EventSource {
  partition: number;
  offset: number;
}

/**
 * A balanced double-entry posting, all legs in one document so it lands atomically (no
 * transaction needed). `_id` is the event id and `postingKey` names the business fact
 * (`capture:<paymentId>`), both unique: a redelivered or duplicated event cannot post twice.
 * `source` is the Kafka message it came from (seeded postings have none).
 */
@Schema({ collection: 'ledger_postings', versionKey: false })
export class Posting {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, unique: true }) postingKey!: string;
  @Prop({ required: true }) kind!: 'opening' | 'capture' | 'refund';
  @Prop({ index: true }) paymentId?: string;
  @Prop({ type: [LegSchema], required: true }) legs!: Leg[];
  /** The legs' accounts, indexed, so a balance query matches before it unwinds. */
  @Prop({ type: [String], required: true, index: true }) accounts!: string[];
  @Prop({ type: Object }) source?: EventSource;
  @Prop() correlationId?: string;
  @Prop({ required: true }) createdAt!: Date;
}
export const PostingSchema = SchemaFactory.createForClass(Posting);
