import type { ErrorCode } from '@platform/nest-kit';

/** How an error code from any service becomes an HTTP status. A user's mistake is never a 500. */
export const STATUS_FOR_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  INSUFFICIENT_FUNDS: 402,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CARD_DATA_REFUSED: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Seconds a client should wait before retrying, for the errors that are worth retrying as they are. */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  UNAVAILABLE: 5,
  IDEMPOTENCY_IN_PROGRESS: 1,
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
