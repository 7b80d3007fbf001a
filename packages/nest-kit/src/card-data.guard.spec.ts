import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { findCardData, maskCardNumbers } from './card-data.js';

describe('findCardData', () => {
  it('finds fields named like card data, whatever their value', () => {
    expect(findCardData({ cardNumber: 'x' })).toBe('$.cardNumber');
    expect(findCardData({ card: { cvv: '123' } })).toBe('$.card.cvv');
    expect(findCardData({ items: [{ CVC: 1 }] })).toBe('$.items[0].CVC');
    expect(findCardData({ pan: '' })).toBe('$.pan');
    expect(findCardData({ card_number: '' })).toBe('$.card_number');
  });

  it('finds Luhn-valid 13-19 digit numbers anywhere, with spaces or dashes', () => {
    expect(findCardData({ description: 'pay with 4111 1111 1111 1111 please' })).toBe('$.description');
    expect(findCardData({ meta: { note: '5555-5555-5555-4444' } })).toBe('$.meta.note');
    expect(findCardData({ n: 4242424242424242 })).toBe('$.n');
  });

  it('lets ordinary payloads through', () => {
    expect(findCardData({ amount: 2500, currency: 'EUR', paymentMethodId: 'pm_alice_visa', last4: '4242' })).toBeUndefined();
    expect(findCardData({ description: 'order 4111111111111112' })).toBeUndefined(); // fails Luhn
    expect(findCardData({ id: 'pay_4111111111111111' })).toBeUndefined(); // inside a token, not a number
  });

  it('finds Amex and 19-digit formats, and masks them in log text', () => {
    expect(findCardData({ note: '3782 822463 10005' })).toBe('$.note');
    expect(maskCardNumbers('card 4111 1111 1111 1111 declined')).toBe('card ****1111 declined');
  });

  it('never takes a UUID (a correlation id) for a card number', () => {
    // Digits split by dashes at other places than a card's groups are not a card number, even when
    // they pass Luhn: e.g. the digits of 1234-5678-9012-3456 grouped 8-4-4 as in a UUID.
    expect(findCardData({ id: '12345678-9012-3456-89ab-cdef01234567' })).toBeUndefined();
    for (let i = 0; i < 20_000; i++) {
      const id = randomUUID();
      expect(findCardData({ headers: { 'x-correlation-id': id } }), id).toBeUndefined();
    }
  });
});
