/** NestJS TCP message patterns, per service. */
export const PAYMENTS_PATTERNS = {
  create: 'payments.create',
  get: 'payments.get',
  list: 'payments.list',
  refund: 'payments.refund',
  /** A merchant API key's SHA-256 -> its merchant (the gateway's authentication). */
  authenticate: 'merchants.authenticate',
} as const;

export const LEDGER_PATTERNS = {
  hold: 'ledger.hold',
  release: 'ledger.release',
  balance: 'ledger.balance',
  reconcile: 'ledger.reconcile',
  postings: 'ledger.postings',
  trialBalance: 'ledger.trialBalance',
} as const;

export const NOTIFICATIONS_PATTERNS = {
  list: 'notifications.list',
} as const;
