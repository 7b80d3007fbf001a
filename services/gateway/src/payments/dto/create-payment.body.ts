import { IsISO4217CurrencyCode, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const MAX_AMOUNT = 1_000_000_000_000;

/** POST /payments. The merchant comes from the X-Merchant-Id header, not the body. */
export class CreatePaymentBody {
  static example = { amount: 2500, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa', description: 'Order 1001' };

  /** Integer minor units (2500 = EUR 25.00). */
  @IsInt() @Min(1) @Max(MAX_AMOUNT) amount!: number;
  @IsISO4217CurrencyCode() currency!: string;
  @Matches(/^cus_[A-Za-z0-9_-]{1,60}$/, { message: 'customerId must look like cus_...' }) customerId!: string;
  @Matches(/^pm_[A-Za-z0-9_-]{1,60}$/, { message: 'paymentMethodId must be a payment method token (pm_...)' }) paymentMethodId!: string;
  @IsOptional() @IsString() @MaxLength(200) description?: string;
}
