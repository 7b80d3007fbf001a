import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IDEMPOTENCY_KEY, MAX_AMOUNT, MERCHANT_ID, PAYMENT_ID } from './ids.js';

export class RefundPaymentCommand {
  static example = { merchantId: 'm_acme', paymentId: 'pay_3kTMd9aQx0b1Vf2H', amount: 500, reason: 'damaged item' };

  @Matches(MERCHANT_ID) merchantId!: string;
  @Matches(PAYMENT_ID) paymentId!: string;
  /** Minor units; omitted = refund everything not yet refunded. */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT) amount?: number;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
  /** Optional: a retried refund with the same key is applied once. */
  @IsOptional() @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
}
