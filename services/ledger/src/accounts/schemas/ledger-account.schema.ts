import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Funds held for one payment until its capture posts them, a failure releases them, or they expire. */
export interface Hold {
  paymentId: string;
  amount: number;
  currency: string;
  createdAt: Date;
  /** After this the ledger's sweep releases the hold, unless a capture took it first. */
  expiresAt: Date;
}

/** Running totals per currency: `posted` = sum of the account's legs, `held` = sum of its open holds, `available` = posted - held. */
export type Totals = Record<string, { posted: number; held: number; available: number }>;

/**
 * An account (customer, merchant, equity), its open holds and its running totals. Every change is
 * one atomic, guarded update of this document: a hold `$push`es itself only where
 * `balances.<CUR>.available >= amount`, a capture `$pull`s its hold and `$inc`s the totals, the
 * sweep `$pull`s an expired hold. The postings stay the source of truth: missing totals (a seeded
 * account) are derived from them once, and `applied` records, per partition of payments.events,
 * the offset of the last event folded into the totals, so a redelivered event is not applied twice.
 */
@Schema({ collection: 'ledger_accounts', versionKey: false, strict: false })
export class LedgerAccount {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) kind!: 'customer' | 'merchant' | 'equity';
  /** Who may read the balance: the customer's merchant, or the merchant itself (none for equity). */
  @Prop() merchantId?: string;
  @Prop({ type: [Object], default: undefined }) holds?: Hold[];
  @Prop({ type: Object }) balances?: Totals;
  @Prop({ type: Object }) applied?: Record<string, number>;
}
export const LedgerAccountSchema = SchemaFactory.createForClass(LedgerAccount);
LedgerAccountSchema.index({ 'holds.expiresAt': 1 }, { sparse: true });
