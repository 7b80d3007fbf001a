/** The topic notifications consumes; its dead letters go to `payments.events.dlt` (nest-kit deadLetterTopic). */
export const PAYMENTS_EVENTS_TOPIC = 'payments.events';
export const NOTIFICATIONS_GROUP_ID = 'notifications';
