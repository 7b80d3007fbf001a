/** Why a payment fails before any money moves; the gateway maps these codes to HTTP statuses. */
export type FailureCode = 'INSUFFICIENT_FUNDS' | 'UNKNOWN_CUSTOMER' | 'UNKNOWN_PAYMENT_METHOD' | 'PAYMENT_METHOD_EXPIRED';

export interface PaymentFailure {
  code: FailureCode;
  reason: string;
}

/** A card is valid through the last day of its expiry month. */
export function isExpired(expMonth: number, expYear: number, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expYear < year || (expYear === year && expMonth < month);
}

export function checkPayer(
  customerId: string,
  paymentMethodId: string,
  customer: unknown,
  method: { customerId: string; expMonth: number; expYear: number } | null,
  now: Date,
): PaymentFailure | undefined {
  if (!customer) return { code: 'UNKNOWN_CUSTOMER', reason: `customer ${customerId} does not exist` };
  if (!method || method.customerId !== customerId) {
    return { code: 'UNKNOWN_PAYMENT_METHOD', reason: `payment method ${paymentMethodId} does not belong to customer ${customerId}` };
  }
  if (isExpired(method.expMonth, method.expYear, now))
    return { code: 'PAYMENT_METHOD_EXPIRED', reason: `payment method ${paymentMethodId} has expired` };
  return undefined;
}
