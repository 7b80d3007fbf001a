import { describe, expect, it } from 'vitest';
import { checkPayer, isExpired } from './payer-check.js';

const now = new Date('2026-11-23T12:00:00Z');

describe('isExpired', () => {
  it('is valid through the end of the expiry month', () => {
    expect(isExpired(11, 2026, now)).toBe(false);
    expect(isExpired(10, 2026, now)).toBe(true);
    expect(isExpired(1, 2027, now)).toBe(false);
    expect(isExpired(12, 2025, now)).toBe(true);
  });
});

describe('checkPayer', () => {
  const method = { customerId: 'cus_a', expMonth: 12, expYear: 2030 };
  it('accepts a known customer paying with their own method', () => {
    expect(checkPayer('cus_a', 'pm_a', { _id: 'cus_a' }, method, now)).toBeUndefined();
  });
  it('names the reason a payment fails', () => {
    expect(checkPayer('cus_x', 'pm_a', null, method, now)?.code).toBe('UNKNOWN_CUSTOMER');
    expect(checkPayer('cus_b', 'pm_a', { _id: 'cus_b' }, method, now)?.code).toBe('UNKNOWN_PAYMENT_METHOD');
    expect(checkPayer('cus_a', 'pm_x', { _id: 'cus_a' }, null, now)?.code).toBe('UNKNOWN_PAYMENT_METHOD');
    expect(checkPayer('cus_a', 'pm_a', { _id: 'cus_a' }, { ...method, expYear: 2020 }, now)?.code).toBe('PAYMENT_METHOD_EXPIRED');
  });
});
