import { createHash } from 'node:crypto';

/** What a merchant's secret key looks like: `sk_` then at least 16 URL-safe characters. */
export const API_KEY = /^sk_[A-Za-z0-9_-]{16,200}$/;

/**
 * Keys are random (at least 128 bits), so one SHA-256 is enough to store them: nothing to brute
 * force, and it allows a lookup by `_id`. Same function as the CLI's (cli/src/transports/mongo/api-keys.ts).
 */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The key of an `Authorization: Bearer <key>` header, or why there is none. */
export function bearerKey(header: unknown): { key: string } | { problem: string } {
  if (typeof header !== 'string' || header === '')
    return { problem: 'missing API key: send Authorization: Bearer <secret key> (`platform seed` prints the demo keys)' };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) return { problem: 'the Authorization header must be "Bearer <secret key>"' };
  if (!API_KEY.test(match[1])) return { problem: 'invalid API key' };
  return { key: match[1] };
}
