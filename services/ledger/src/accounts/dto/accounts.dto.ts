import type { HoldRequest, ReleaseRequest } from '@platform/contracts';
import { IsISO4217CurrencyCode, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const ACCOUNT_ID = /^[a-z]+[_:][A-Za-z0-9_:-]{1,60}$/;
const PAYMENT_ID = /^pay_[A-Za-z0-9_-]{1,60}$/;

export class HoldFundsCommand implements HoldRequest {
  static example = { paymentId: 'pay_3kTMd9aQx0b1Vf2H', accountId: 'cus_alice', amount: 2500, currency: 'EUR' };

  /** Also the hold's key: holding twice for one payment is a no-op. */
  @Matches(PAYMENT_ID) paymentId!: string;
  @Matches(ACCOUNT_ID) accountId!: string;
  @IsInt() @Min(1) @Max(1_000_000_000_000) amount!: number;
  @IsISO4217CurrencyCode() currency!: string;
  /** Released by the sweep after this long unless captured (default HOLD_TTL_MS, 10 min). */
  @IsOptional() @IsInt() @Min(100) @Max(7 * 24 * 3_600_000) expiresInMs?: number;
}

export class ReleaseHoldCommand implements ReleaseRequest {
  static example = { paymentId: 'pay_3kTMd9aQx0b1Vf2H', accountId: 'cus_alice' };

  @Matches(PAYMENT_ID) paymentId!: string;
  @Matches(ACCOUNT_ID) accountId!: string;
}

export class BalanceQuery {
  static example = { accountId: 'cus_alice', merchantId: 'm_acme' };

  @Matches(ACCOUNT_ID) accountId!: string;
  /** When given, only an account this merchant owns is found (the gateway always gives it). */
  @IsOptional() @Matches(/^m_[A-Za-z0-9_-]{1,60}$/) merchantId?: string;
}
