import { SERVICE_NAME } from '../service.constants.js';

/** Kafka topics, defined once (docs/service-contract.md: also declared in package.json "platform"). */
export const CONSUMES_TOPIC = 'template-service.commands';
export const PRODUCES_TOPIC = 'template-service.events';

/** What this service publishes after handling an event (the `event-type` header). */
export const PROCESSED_EVENT = `${SERVICE_NAME}.processed`;
export const STATS_PATTERN = `${SERVICE_NAME}.events.stats`;
