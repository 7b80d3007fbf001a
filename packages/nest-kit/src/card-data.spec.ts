import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, findCardData, isCardNumber, maskCardNumbers } from './card-data.js';

/**
 * Test card numbers the networks and acquirers publish for sandboxes (Stripe's testing page,
 * PayPal's sandbox list, Adyen's test cards): every issuer range and length the detector knows.
 */
const TEST_PANS = [
  '4242424242424242',
  '4000056655665556',
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '4917610000000000',
  '4035501000000008',
  '4988438843884305', // Visa
  '5555555555554444',
  '5200828282828210',
  '5105105105105100',
  '2223003122003222',
  '2222400070000005',
  '2222410740360010', // Mastercard
  '378282246310005',
  '371449635398431',
  '378734493671000', // American Express
  '6011111111111117',
  '6011000990139424',
  '6011981111111113', // Discover
  '3056930009020004',
  '36227206271667',
  '30569309025904',
  '38520000023237', // Diners Club
  '3566002020360505',
  '3530111333300000', // JCB
  '6200000000000005',
  '6200000000000047',
  '6205500000000000004',
  '6250941006528599', // UnionPay
  '6555900000604105', // BC card / DinaCard
  '6759649826438453',
  '6304000000000000',
  '5019717010103742', // Maestro, Dankort
  '6703444444444449', // Bancontact
  '2200000000000004',
  '2201382000000013', // Mir
];

/** How people write a card number: 4-4-4-4, Amex 4-6-5, or 4-4-4-4-3. */
function groups(pan: string): string[] {
  if (pan.length === 15) return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)];
  return pan.match(/.{1,4}/g)!;
}

/** Every way the issue lists to glue a card number into a longer token. */
function smuggled(pan: string): string[] {
  const g = groups(pan);
  const out = [
    pan,
    `cus_${pan}`,
    `pm_${pan}`,
    `pay_${pan}`,
    `card${pan}x`,
    `order_${pan}`,
    `c${pan}`,
    `k${pan}`,
    `r${pan}`,
    `${pan}_`,
    `x.${pan}.y`,
    `pay with ${pan} please`,
    ...(pan.length > 15 ? [`+${pan}`] : []), // up to 15 digits after + is a phone number
    `{"description":"ref${pan}"}`,
  ];
  for (const sep of [' ', '-', '.', '_', ' - ', '__']) {
    const joined = g.join(sep);
    out.push(joined, `ref_${joined}_`, `card${joined}x`, `order ${joined} thanks`, `id-${joined}-end`);
  }
  // Uneven groups: pairs, triples, fives.
  for (const size of [2, 3, 5]) out.push(`n${pan.match(new RegExp(`.{1,${size}}`, 'g'))!.join('-')}z`);
  // A date or another number before it in the same chain of groups.
  out.push(`2026-11-29 ${g.join(' ')}`, `12.${g.join('.')}`);
  return out;
}

describe("card number detection: the networks' test numbers, glued every listed way", () => {
  it('knows every test number as a card number', () => {
    for (const pan of TEST_PANS) expect(isCardNumber(pan), pan).toBe(true);
  });

  it.each(TEST_PANS)('finds %s in every smuggled form, and masking leaves no card number', (pan) => {
    for (const text of smuggled(pan)) {
      expect(containsCardNumber(text), text).toBe(true);
      const masked = maskCardNumbers(text);
      expect(containsCardNumber(masked), `${text} -> ${masked}`).toBe(false);
      expect(masked.replace(/\D/g, ''), `${text} -> ${masked}`).not.toContain(pan);
      expect(masked, text).toContain(`****${pan.slice(-4)}`);
    }
  });

  it("finds the issue's examples", () => {
    for (const text of [
      'ref_3782-822463-10005_',
      'card4111111111111111x',
      'order_4111111111111111',
      'c4111111111111111',
      'k4111111111111111',
      'pay_4111111111111111',
      '+4111111111111111',
    ]) {
      expect(containsCardNumber(text), text).toBe(true);
    }
  });

  it('masks each of several numbers in one line and keeps the rest of it', () => {
    expect(maskCardNumbers('a 4111 1111 1111 1111 b cus_5555555555554444 c')).toBe('a ****1111 b cus_****4444 c');
    expect(maskCardNumbers('{"path":"/payments/pay_378282246310005","status":422}')).toBe('{"path":"/payments/pay_****0005","status":422}');
  });

  it('checks numbers, object keys and nested values', () => {
    expect(containsCardNumber(4242424242424242)).toBe(true);
    expect(containsCardNumber({ meta: { ['ref_4111111111111111']: 1 } })).toBe(true);
    expect(containsCardNumber([{ a: ['x', 'y 6011111111111117'] }])).toBe(true);
  });
});

// Thousands of random values each: give them time on a loaded machine.
describe('card number detection: what must pass', { timeout: 60_000 }, () => {
  const repeat = (n: number, make: () => string) => Array.from({ length: n }, make);

  it('never takes a UUID for a card number, upper or lower case', () => {
    expect(containsCardNumber('12345678-9012-3456-89ab-cdef01234567')).toBe(false);
    for (const id of repeat(5_000, randomUUID)) {
      expect(containsCardNumber(id), id).toBe(false);
      expect(containsCardNumber(`corr-${id.toUpperCase()}`), id).toBe(false);
    }
  });

  it('never takes a hex digest (MD5, SHA-1, SHA-256, SHA-512) for a card number', () => {
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) {
      for (const seed of repeat(2_000, () => randomBytes(8).toString('hex'))) {
        const digest = createHash(algorithm).update(seed).digest('hex');
        expect(containsCardNumber(digest), digest).toBe(false);
        expect(containsCardNumber(`idk_${digest.toUpperCase()}`), digest).toBe(false);
      }
    }
  });

  it('never takes trace context for a card number: traceparent values and span ids after their key', () => {
    // Span ids made of digits only, Luhn-valid and in a card range: the worst case of a random one.
    const spanIds = ['4111111111111111', '5555555555554444', '6011000990139424'];
    for (const spanId of [...spanIds, ...repeat(2_000, () => randomBytes(8).toString('hex'))]) {
      const traceparent = `00-${randomBytes(16).toString('hex')}-${spanId}-01`;
      expect(containsCardNumber(traceparent), traceparent).toBe(false);
      expect(containsCardNumber({ outbox: [{ headers: { traceparent } }] }), traceparent).toBe(false);
      expect(
        containsCardNumber(`{"level":30,"traceId":"${randomBytes(16).toString('hex')}","spanId":"${spanId}","msg":"ok"}`),
        spanId,
      ).toBe(false);
      expect(containsCardNumber({ spanId, parentSpanId: spanId }), spanId).toBe(false);
      expect(findCardData({ span: { span_id: spanId } }), spanId).toBeUndefined();
    }
    // The same digits anywhere else are still a card number.
    expect(containsCardNumber('note 4111111111111111')).toBe(true);
    expect(containsCardNumber({ reference: '4111111111111111' })).toBe(true);
    expect(containsCardNumber({ spanId: '4111 1111 1111 1111' })).toBe(true);
    expect(containsCardNumber('00-4111111111111111-01')).toBe(true);
  });

  it('lets ISO timestamps through', () => {
    const start = Date.UTC(1990, 0, 1);
    for (const ms of repeat(5_000, () => start + Math.floor(Math.random() * 60 * 365 * 86_400_000))) {
      const iso = new Date(ms).toISOString();
      for (const text of [iso, iso.replace('T', ' ').replace('Z', ''), `${iso.slice(0, 10)} ${iso.slice(11, 19)}.123456`])
        expect(containsCardNumber(text), text).toBe(false);
    }
  });

  it('lets phone numbers through, international (E.164 with +) and national', () => {
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
    const fixed = [
      '+49 1512 3456789',
      '+4915123456789',
      '+1 (415) 555-0132',
      '+44 20 7946 0958',
      '+86 138 0013 8000',
      '+55 11 91234-5678',
      '+353 85 123 4567',
      '(415) 555-0132',
      '0151 23456789',
      '030 1234 5678',
      '1-800-555-0199',
    ];
    for (const text of fixed) expect(containsCardNumber(text), text).toBe(false);
    for (let i = 0; i < 5_000; i++) {
      const cc = String(1 + Math.floor(Math.random() * 99));
      const national = digits(15 - cc.length);
      for (const text of [
        `+${cc}${national}`,
        `+${cc} ${national.slice(0, 3)} ${national.slice(3)}`,
        `+${cc}-${national.slice(0, 4)}-${national.slice(4)}`,
      ]) {
        expect(containsCardNumber(text), text).toBe(false);
      }
    }
  });

  it('lets ordinary ids, amounts and numbers that fail Luhn, length or issuer range through', () => {
    const ok = [
      'pay_3kTMd9aQx0b1Vf2H',
      'pm_alice_visa',
      'cus_syn_00000042',
      'order-1001',
      '127.0.0.1:3000',
      'amount 2500 EUR',
      'last4 4242',
      '4111111111111112', // fails Luhn
      '41111111111111111', // Visa has 13, 16 or 19 digits
      '1234567890123452', // Luhn-valid, no issuer starts with 1
      '9111111111111111111111', // too long for a card
      'v1.2.3-beta.4',
      '2026-11-29T09:12:33.123Z',
    ];
    for (const text of ok) expect(containsCardNumber(text), text).toBe(false);
  });
});

describe('findCardData', () => {
  it('names where raw card data sits, also in keys', () => {
    expect(findCardData({ cardNumber: 'x' })).toBe('$.cardNumber');
    expect(findCardData({ card: { cvv: '123' } })).toBe('$.card.cvv');
    expect(findCardData({ items: [{ CVC: 1 }] })).toBe('$.items[0].CVC');
    expect(findCardData({ customerId: 'cus_4111111111111111' })).toBe('$.customerId');
    expect(findCardData({ meta: { ['k4111111111111111']: 1 } })).toBe('$.meta.k****1111');
    expect(findCardData({ amount: 2500, currency: 'EUR', paymentMethodId: 'pm_alice_visa', last4: '4242' })).toBeUndefined();
  });
});
