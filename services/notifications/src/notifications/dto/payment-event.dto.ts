import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '@platform/contracts';
import { Type } from 'class-transformer';
import { IsISO4217CurrencyCode, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';

export const NOTIFIED_EVENT_TYPES = PAYMENT_EVENT_TYPES;

class RefundFacts {
  @IsString() @MinLength(1) refundId!: string;
  @IsInt() @Min(1) amount!: number;
}

class FailureFacts {
  @IsString() code!: string;
  @IsOptional() @IsString() reason?: string;
}

/** What notifications needs from a payments.events message; other fields are ignored. */
export class PaymentEventDto implements Pick<
  PaymentEvent,
  'eventId' | 'type' | 'paymentId' | 'merchantId' | 'customerId' | 'amount' | 'currency'
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
  @IsIn(NOTIFIED_EVENT_TYPES) type!: (typeof NOTIFIED_EVENT_TYPES)[number];
  @Matches(/^pay_[A-Za-z0-9_-]{1,60}$/) paymentId!: string;
  @IsString() @MinLength(1) merchantId!: string;
  @IsString() @MinLength(1) customerId!: string;
  @IsInt() @Min(1) @Max(1_000_000_000_000) amount!: number;
  @IsISO4217CurrencyCode() currency!: string;
  @IsOptional() @ValidateNested() @Type(() => RefundFacts) refund?: RefundFacts;
  @IsOptional() @ValidateNested() @Type(() => FailureFacts) failure?: FailureFacts;
}
