import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CURRENCIES, IsCurrency } from './currency.js';

export const MAX_AMOUNT = 1_000_000_000_000;

/** POST /payments. The merchant is the one the API key belongs to, never a body field. */
export class CreatePaymentBody {
  static example = { amount: 2500, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa', description: 'Order 1001' };

  @ApiProperty({ description: 'Integer minor units (2500 = EUR 25.00)', minimum: 1, maximum: MAX_AMOUNT, example: 2500 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  amount!: number;
  @ApiProperty({ description: 'ISO 4217, any case (normalised to upper case)', enum: CURRENCIES, example: 'EUR' })
  @IsCurrency()
  currency!: string;
  @ApiProperty({ description: 'One of your customers', pattern: '^cus_[A-Za-z0-9_-]{1,60}$', example: 'cus_alice' })
  @Matches(/^cus_[A-Za-z0-9_-]{1,60}$/, { message: 'customerId must look like cus_...' })
  customerId!: string;
  @ApiProperty({
    description: 'A payment method token of that customer; never a card number',
    pattern: '^pm_[A-Za-z0-9_-]{1,60}$',
    example: 'pm_alice_visa',
  })
  @Matches(/^pm_[A-Za-z0-9_-]{1,60}$/, { message: 'paymentMethodId must be a payment method token (pm_...)' })
  paymentMethodId!: string;
  @ApiPropertyOptional({
    description: 'Free text; a card number in it is refused (422), never stored',
    maxLength: 200,
    example: 'Order 1001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}
