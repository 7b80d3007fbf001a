import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListPaymentsQuery {
  @ApiPropertyOptional({ pattern: '^cus_[A-Za-z0-9_-]{1,60}$' })
  @IsOptional()
  @Matches(/^cus_[A-Za-z0-9_-]{1,60}$/)
  customerId?: string;
  @ApiPropertyOptional({ enum: ['captured', 'failed', 'partially_refunded', 'refunded'] })
  @IsOptional()
  @IsIn(['captured', 'failed', 'partially_refunded', 'refunded'])
  status?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
