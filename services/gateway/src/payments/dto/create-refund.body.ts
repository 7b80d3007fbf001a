import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_AMOUNT } from './create-payment.body.js';

/** POST /payments/:id/refunds. No amount = refund whatever is left. */
export class CreateRefundBody {
  @ApiPropertyOptional({ description: 'Minor units; omitted = everything not yet refunded', minimum: 1, maximum: MAX_AMOUNT, example: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT)
  amount?: number;
  @ApiPropertyOptional({
    description: 'Free text; a card number in it is refused (422), never stored',
    maxLength: 200,
    example: 'damaged item',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
