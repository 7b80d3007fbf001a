import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Claims an Idempotency-Key for one merchant. The unique {merchantId, key} index makes the first
 * insert win; later requests read the claim instead. Expiry is a field plus a periodic sweep
 * (engines without TTL indexes behave the same).
 */
@Schema({ collection: 'idempotency_keys', versionKey: false })
export class IdempotencyKey {
  /** `claimId(merchantId, key)`. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) merchantId!: string;
  @Prop({ required: true }) key!: string;
  @Prop({ required: true }) requestHash!: string;
  /** Chosen when the key is claimed, so a retry after a crash finishes the same payment. */
  @Prop({ required: true }) paymentId!: string;
  /** Until then the claimant is working on it; afterwards another request may take over. */
  @Prop({ required: true }) lockedUntil!: Date;
  @Prop({ required: true, index: true }) expiresAt!: Date;
  @Prop({ required: true }) createdAt!: Date;
}
export const IdempotencyKeySchema = SchemaFactory.createForClass(IdempotencyKey);
IdempotencyKeySchema.index({ merchantId: 1, key: 1 }, { unique: true });
