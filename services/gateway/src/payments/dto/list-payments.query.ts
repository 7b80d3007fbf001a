import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListPaymentsQuery {
  @IsOptional() @Matches(/^cus_[A-Za-z0-9_-]{1,60}$/) customerId?: string;
  @IsOptional() @IsIn(['captured', 'failed', 'partially_refunded', 'refunded']) status?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}
