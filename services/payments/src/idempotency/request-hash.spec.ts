import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './request-hash.js';

describe('requestHash', () => {
  it('ignores key order and undefined fields', () => {
    const a = requestHash({ amount: 100, currency: 'EUR', meta: { b: 1, a: 2 }, description: undefined });
    const b = requestHash({ meta: { a: 2, b: 1 }, currency: 'EUR', amount: 100 });
    expect(a).toBe(b);
  });

  it('differs when any value differs', () => {
    expect(requestHash({ amount: 100, currency: 'EUR' })).not.toBe(requestHash({ amount: 101, currency: 'EUR' }));
    expect(requestHash({ amount: 100, currency: 'EUR' })).not.toBe(requestHash({ amount: 100, currency: 'USD' }));
  });

  it('keeps array order significant', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
