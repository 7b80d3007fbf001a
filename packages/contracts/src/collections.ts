/** MongoDB collections of the payment flow (one database), by owner. The seed datasets fill the first five. */
export const COLLECTIONS = {
  merchants: 'merchants',
  customers: 'customers',
  paymentMethods: 'payment_methods',
  ledgerAccounts: 'ledger_accounts',
  ledgerPostings: 'ledger_postings',
  payments: 'payments',
  idempotencyKeys: 'idempotency_keys',
  notifications: 'notifications',
  /** Merchant API keys, stored as SHA-256 hashes (docs/security.md). */
  apiKeys: 'api_keys',
} as const;
