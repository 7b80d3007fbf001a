import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export interface Hold {
  amount: number;
  currency: string;
  createdAt: Date;
}

/**
 * An account (customer, merchant, equity) and its open holds. Holds are a map keyed by payment id,
 * not an array: FerretDB 1.24 silently ignores `$pull` with a condition, while `$set`/`$unset` of
 * `holds.<paymentId>` work. Every hold change bumps `version`, which makes placing a hold an
 * optimistic compare-and-set. The balance itself is never stored: it is derived from postings.
 */
@Schema({ collection: 'ledger_accounts', versionKey: false, strict: false })
export class LedgerAccount {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) kind!: 'customer' | 'merchant' | 'equity';
  @Prop({ type: Object, default: {} }) holds!: Record<string, Hold>;
  @Prop({ default: 0 }) version!: number;
}
export const LedgerAccountSchema = SchemaFactory.createForClass(LedgerAccount);
