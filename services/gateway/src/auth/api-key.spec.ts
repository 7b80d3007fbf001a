import { describe, expect, it } from 'vitest';
import { apiKeyHash, bearerKey } from './api-key.js';

describe('bearerKey', () => {
  it('takes the key out of a Bearer header', () => {
    expect(bearerKey('Bearer sk_test_abcdefghijklmnop')).toEqual({ key: 'sk_test_abcdefghijklmnop' });
    expect(bearerKey('bearer   sk_test_abcdefghijklmnop ')).toEqual({ key: 'sk_test_abcdefghijklmnop' });
  });

  it('names what is wrong otherwise', () => {
    expect(bearerKey(undefined)).toMatchObject({ problem: expect.stringMatching(/missing API key/) });
    expect(bearerKey('Basic dXNlcjpwYXNz')).toMatchObject({ problem: expect.stringMatching(/Bearer/) });
    expect(bearerKey('Bearer m_acme')).toEqual({ problem: 'invalid API key' });
  });

  it('hashes keys with SHA-256, hex', () => {
    expect(apiKeyHash('sk_test_abcdefghijklmnop')).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyHash('a')).not.toBe(apiKeyHash('b'));
  });
});
