import type { ErrorCode } from '@platform/nest-kit';

// The code -> status table itself is nest-kit's (STATUS_FOR_CODE, statusForCode): every HTTP service maps the same way.

/** Seconds a client should wait before retrying, for the errors that are worth retrying as they are. */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  UNAVAILABLE: 5,
  IDEMPOTENCY_IN_PROGRESS: 1,
};

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
