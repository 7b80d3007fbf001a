import { Matches } from 'class-validator';

export class PaymentIdParams {
  @Matches(/^pay_[A-Za-z0-9_-]{1,60}$/, { message: 'id must be a payment id (pay_...)' }) id!: string;
}
