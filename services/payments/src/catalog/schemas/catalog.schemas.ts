import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Reference data the seed dataset provides (demos/data/payment-flow.json); read-only here. */
@Schema({ collection: 'merchants', versionKey: false, strict: false })
export class Merchant {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) name!: string;
}
export const MerchantSchema = SchemaFactory.createForClass(Merchant);

@Schema({ collection: 'customers', versionKey: false, strict: false })
export class Customer {
  @Prop({ type: String, required: true }) _id!: string;
  /** The merchant whose customer this is: only that merchant may charge it. */
  @Prop({ required: true }) merchantId!: string;
  @Prop({ required: true }) name!: string;
  @Prop() email?: string;
}
export const CustomerSchema = SchemaFactory.createForClass(Customer);

/** A tokenised card: never a card number or CVV, only what a receipt would show. */
@Schema({ collection: 'payment_methods', versionKey: false, strict: false })
export class PaymentMethod {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, index: true }) customerId!: string;
  @Prop({ required: true }) brand!: string;
  @Prop({ required: true }) last4!: string;
  @Prop({ required: true }) expMonth!: number;
  @Prop({ required: true }) expYear!: number;
}
export const PaymentMethodSchema = SchemaFactory.createForClass(PaymentMethod);

/**
 * A merchant secret key, stored only as its SHA-256 (the `_id`, so a lookup is a read by `_id`).
 * Written by `platform seed` and `platform keys rotate`; see docs/security.md.
 */
@Schema({ collection: 'api_keys', versionKey: false, strict: false })
export class ApiKey {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) merchantId!: string;
  @Prop() last4?: string;
  @Prop() createdAt?: Date;
}
export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);
