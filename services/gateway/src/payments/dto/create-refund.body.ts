import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_AMOUNT } from './create-payment.body.js';

/** POST /payments/:id/refunds. No amount = refund whatever is left. */
export class CreateRefundBody {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT) amount?: number;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
}
