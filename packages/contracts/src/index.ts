export { TOPICS, CONSUMER_GROUPS } from './topics.js';
export { PAYMENTS_PATTERNS, LEDGER_PATTERNS, NOTIFICATIONS_PATTERNS } from './patterns.js';
export { PaymentEventType, PAYMENT_EVENT_TYPES, type PaymentEvent, type PaymentFailure } from './payment-events.js';
export type { HoldRequest, HoldReply, ReleaseRequest } from './ledger.js';
export { COLLECTIONS } from './collections.js';
