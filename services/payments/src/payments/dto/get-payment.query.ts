import { IsOptional, Matches } from 'class-validator';
import { MERCHANT_ID, PAYMENT_ID } from './ids.js';

export class GetPaymentQuery {
  static example = { paymentId: 'pay_3kTMd9aQx0b1Vf2H', merchantId: 'm_acme' };

  @Matches(PAYMENT_ID) paymentId!: string;
  /** When given, a payment of another merchant is reported as not found. */
  @IsOptional() @Matches(MERCHANT_ID) merchantId?: string;
}
