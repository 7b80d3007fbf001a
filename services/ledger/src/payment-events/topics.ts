/** The topic ledger consumes; its dead letters go to `payments.events.dlt` (nest-kit deadLetterTopic). */
export const PAYMENTS_EVENTS_TOPIC = 'payments.events';
export const LEDGER_GROUP_ID = 'ledger';
