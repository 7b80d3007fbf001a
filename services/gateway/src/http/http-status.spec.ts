import { describe, expect, it } from 'vitest';
import { statusForCode, statusForFailure } from './http-status.js';

describe('http status mapping', () => {
  it('maps every error code a service can send', () => {
    expect(statusForCode('VALIDATION')).toBe(400);
    expect(statusForCode('NOT_FOUND')).toBe(404);
    expect(statusForCode('CONFLICT')).toBe(409);
    expect(statusForCode('INSUFFICIENT_FUNDS')).toBe(402);
    expect(statusForCode('CARD_DATA_REFUSED')).toBe(422);
    expect(statusForCode('UNAVAILABLE')).toBe(503);
    expect(statusForCode('SOMETHING_NEW')).toBe(500);
  });

  it('maps payment failures', () => {
    expect(statusForFailure('INSUFFICIENT_FUNDS')).toBe(402);
    expect(statusForFailure('UNKNOWN_CUSTOMER')).toBe(404);
    expect(statusForFailure('UNKNOWN_PAYMENT_METHOD')).toBe(404);
    expect(statusForFailure('PAYMENT_METHOD_EXPIRED')).toBe(402);
  });
});
