import { randomBytes } from 'node:crypto';

export { PaymentEventType, type PaymentEvent } from '@platform/contracts';

export function newEventId(): string {
  return `evt_${randomBytes(12).toString('base64url')}`;
}
