/** Kafka topics of the payment flow (a consumer's dead letters go to `<topic>.dlt`). */
export const TOPICS = {
  paymentsEvents: 'payments.events',
  paymentsEventsDeadLetters: 'payments.events.dlt',
} as const;

/** Consumer groups: one per consuming service, named after it. */
export const CONSUMER_GROUPS = {
  ledger: 'ledger',
  notifications: 'notifications',
} as const;
