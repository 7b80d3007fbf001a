import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export interface Hold {
  amount: number;
  currency: string;
  createdAt: Date;
}

/** Running totals per currency: `posted` = sum of the account's legs in postings, `held` = sum of its open holds. */
export type Totals = Record<string, { posted: number; held: number }>;

/**
 * An account (customer, merchant, equity) and its open holds. Holds are a map keyed by payment id,
 * not an array: FerretDB 1.24 silently ignores `$pull` with a condition, while `$set`/`$unset` of
 * `holds.<paymentId>` work.
 *
 * `balances` are running totals, so placing a hold reads this one document instead of aggregating
 * the postings (FerretDB 1.24 does not push a `$match` on anything but `_id` down to SQLite: that
 * aggregate scanned the whole, ever-growing ledger_postings table on every payment). They are
 * written under the account's lock together with the hold or the posting that changes them, and
 * they stay derivable: when missing (a seeded or re-seeded account, or after a redelivered event
 * whose first attempt may have died halfway) they are recomputed from postings and holds.
 */
@Schema({ collection: 'ledger_accounts', versionKey: false, strict: false })
export class LedgerAccount {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) kind!: 'customer' | 'merchant' | 'equity';
  /** Who may read the balance: the customer's merchant, or the merchant itself (none for equity). */
  @Prop() merchantId?: string;
  @Prop({ type: Object, default: {} }) holds!: Record<string, Hold>;
  @Prop({ type: Object }) balances?: Totals;
  @Prop({ default: 0 }) version!: number;
}
export const LedgerAccountSchema = SchemaFactory.createForClass(LedgerAccount);
