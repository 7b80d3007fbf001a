import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class PaymentIdParams {
  @ApiProperty({ pattern: '^pay_[A-Za-z0-9_-]{1,60}$', example: 'pay_3kTMd9aQx0b1Vf2H' })
  @Matches(/^pay_[A-Za-z0-9_-]{1,60}$/, { message: 'id must be a payment id (pay_...)' })
  id!: string;
}
