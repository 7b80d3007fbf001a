/** Id formats. They never contain `.` or `$`, so they are safe as Mongo field names (ledger holds). */
export const MERCHANT_ID = /^m_[A-Za-z0-9_-]{1,60}$/;
export const CUSTOMER_ID = /^cus_[A-Za-z0-9_-]{1,60}$/;
export const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_-]{1,60}$/;
export const PAYMENT_ID = /^pay_[A-Za-z0-9_-]{1,60}$/;
/** Printable ASCII, no spaces: what we accept as an Idempotency-Key. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** Largest amount in minor units we accept (well inside Number.MAX_SAFE_INTEGER). */
export const MAX_AMOUNT = 1_000_000_000_000;
