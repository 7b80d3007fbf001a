import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CUSTOMER_ID, MERCHANT_ID } from './ids.js';

export class ListPaymentsQuery {
  static example = { merchantId: 'm_acme', customerId: 'cus_alice', limit: 10 };

  @Matches(MERCHANT_ID) merchantId!: string;
  @IsOptional() @Matches(CUSTOMER_ID) customerId?: string;
  @IsOptional() @IsIn(['captured', 'failed', 'partially_refunded', 'refunded']) status?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}
