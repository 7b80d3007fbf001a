import { Type } from 'class-transformer';
import type { PaymentEvent } from '@platform/contracts';
import {
  IsDefined,
  IsISO4217CurrencyCode,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class RefundFacts implements NonNullable<PaymentEvent['refund']> {
  @IsString() @MinLength(1) refundId!: string;
  @IsInt() @Min(1) @Max(1_000_000_000_000) amount!: number;
}

/** What the ledger needs from a payments.events message; other fields are ignored (tolerant reader). */
export class PaymentEventDto implements Pick<
  PaymentEvent,
  'eventId' | 'paymentId' | 'merchantId' | 'customerId' | 'amount' | 'currency' | 'refund'
> {
  static example = {
    eventId: 'evt_Jk2mH8sQ0aR1',
    type: 'payment.captured',
    paymentId: 'pay_3kTMd9aQx0b1Vf2H',
    merchantId: 'm_acme',
    customerId: 'cus_alice',
    amount: 2500,
    currency: 'EUR',
  };

  @IsString() @MinLength(1) eventId!: string;
  @IsString() @MinLength(1) type!: string;
  @Matches(/^pay_[A-Za-z0-9_-]{1,60}$/) paymentId!: string;
  @IsString() @MinLength(1) merchantId!: string;
  @IsString() @MinLength(1) customerId!: string;
  @IsInt() @Min(1) @Max(1_000_000_000_000) amount!: number;
  @IsISO4217CurrencyCode() currency!: string;

  @ValidateIf((e: PaymentEventDto) => e.type === 'payment.refunded' || e.refund !== undefined)
  @IsDefined()
  @ValidateNested()
  @Type(() => RefundFacts)
  refund?: RefundFacts;
}
