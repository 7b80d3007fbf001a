import { IsISO4217CurrencyCode, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CUSTOMER_ID, IDEMPOTENCY_KEY, MAX_AMOUNT, MERCHANT_ID, PAYMENT_METHOD_ID } from './ids.js';

export class CreatePaymentCommand {
  static example = {
    merchantId: 'm_acme',
    idempotencyKey: 'order-1001',
    amount: 2500,
    currency: 'EUR',
    customerId: 'cus_alice',
    paymentMethodId: 'pm_alice_visa',
    description: 'Order 1001',
  };

  @Matches(MERCHANT_ID) merchantId!: string;
  @Matches(IDEMPOTENCY_KEY, { message: 'idempotencyKey must be 1-255 printable ASCII characters' }) idempotencyKey!: string;
  /** Integer minor units (cents). */
  @IsInt() @Min(1) @Max(MAX_AMOUNT) amount!: number;
  @IsISO4217CurrencyCode() currency!: string;
  @Matches(CUSTOMER_ID) customerId!: string;
  @Matches(PAYMENT_METHOD_ID) paymentMethodId!: string;
  @IsOptional() @IsString() @MaxLength(200) description?: string;
}
