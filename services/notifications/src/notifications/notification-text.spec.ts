import { describe, expect, it } from 'vitest';
import { formatAmount, notificationText } from './notification-text.js';

describe('notification text', () => {
  it('formats minor units with the currency exponent', () => {
    expect(formatAmount(2500, 'EUR')).toBe('€25.00');
    expect(formatAmount(2500, 'JPY')).toBe('¥2,500');
  });

  it('describes each event type', () => {
    const base = { paymentId: 'pay_1', amount: 2500, currency: 'EUR' };
    expect(notificationText({ ...base, type: 'payment.captured' })).toContain('succeeded');
    expect(notificationText({ ...base, type: 'payment.failed', failure: { code: 'INSUFFICIENT_FUNDS' } })).toContain('INSUFFICIENT_FUNDS');
    expect(notificationText({ ...base, type: 'payment.refunded', refund: { amount: 700 } })).toBe('€7.00 of payment pay_1 was refunded.');
  });
});
