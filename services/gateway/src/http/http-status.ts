import type { ErrorCode } from '@platform/nest-kit';

/** How an error code from any service becomes an HTTP status. A user's mistake is never a 500. */
export const STATUS_FOR_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INSUFFICIENT_FUNDS: 402,
  CARD_DATA_REFUSED: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function statusForCode(code: string): number {
  return STATUS_FOR_CODE[code as ErrorCode] ?? 500;
}

/** Why a payment failed (payments' failure codes) -> the status POST /payments answers with. */
export function statusForFailure(code: string): number {
  switch (code) {
    case 'INSUFFICIENT_FUNDS':
    case 'PAYMENT_METHOD_EXPIRED':
      return 402;
    case 'UNKNOWN_CUSTOMER':
    case 'UNKNOWN_PAYMENT_METHOD':
      return 404;
    default:
      return 402;
  }
}
