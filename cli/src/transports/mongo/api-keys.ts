/**
 * Merchant secret keys in the stack's database: stored only as SHA-256 hashes (collection
 * `api_keys`, `_id` = hash), shown in clear exactly once, when they are made. The gateway hashes
 * what a request presents the same way (services/gateway/src/auth/api-key.ts). docs/security.md.
 *
 *   newApiKey(): string                                  sk_test_ + 32 random URL-safe characters
 *   apiKeyHash(key): string                              hex SHA-256
 *   apiKeyDoc(merchantId, key, now?): Document           what is stored for a key
 *   keysToSeed(dataset, owners, db, { reset }): Promise<{ dataset, created }>
 *       the owners' (merchants') `apiKey` fields become api_keys documents; an owner without a key gets a new one
 *   rotateApiKey(db, merchantId): Promise<string>         a new key replaces all of that merchant's keys
 *   listApiKeys(db): Promise<{ merchantId, last4, createdAt }[]>
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Document } from 'mongodb';
import { COLLECTIONS } from '@platform/contracts';
import { usageError } from '../../errors.js';

export const API_KEYS = COLLECTIONS.apiKeys;
const API_KEY = /^sk_[A-Za-z0-9_-]{16,200}$/;

export interface CreatedKey {
  merchantId: string;
  apiKey: string;
  /** `dataset`: the dataset's own (demo) key; `generated`: made now for a merchant that had none. */
  source: 'dataset' | 'generated' | 'rotated';
}

export function newApiKey(): string {
  return `sk_test_${randomBytes(24).toString('base64url')}`;
}

/** Keys are random (at least 128 bits): one SHA-256 is enough to store them, and lets the gateway look them up by `_id`. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function apiKeyDoc(merchantId: string, key: string, now = new Date()): Document {
  return { _id: apiKeyHash(key), merchantId, last4: key.slice(-4), createdAt: now };
}

/**
 * Takes the clear `apiKey` out of every owner (the collection the dataset names in
 * `$seed.apiKeys.owners`; none, no keys) of a dataset and adds its api_keys document
 * instead, so no key is ever stored in clear. A merchant whose stored key differs (rotated with
 * `platform keys rotate`) keeps it unless `reset`; a merchant with no key at all gets a new one.
 * `created` lists the keys written now, the only time they can be shown.
 */
export async function keysToSeed(
  dataset: Record<string, Document[]>,
  owners: string | undefined,
  db: Db,
  opts: { reset?: boolean } = {},
): Promise<{ dataset: Record<string, Document[]>; created: CreatedKey[] }> {
  const merchants = owners ? dataset[owners] : undefined;
  if (!owners || !merchants?.length) return { dataset, created: [] };
  const stored = opts.reset
    ? []
    : await db
        .collection(API_KEYS)
        .find({ merchantId: { $in: merchants.map((m) => m._id) } })
        .toArray();
  const created: CreatedKey[] = [];
  const keyDocs: Document[] = [...(dataset[API_KEYS] ?? [])];
  const cleanMerchants = merchants.map(({ apiKey, ...merchant }) => {
    if (apiKey !== undefined && (typeof apiKey !== 'string' || !API_KEY.test(apiKey))) {
      throw usageError(`merchant ${merchant._id}: apiKey must look like sk_ followed by at least 16 letters, digits, _ or -`);
    }
    const mine = stored.filter((k) => k.merchantId === merchant._id);
    if (typeof apiKey === 'string') {
      const doc = apiKeyDoc(String(merchant._id), apiKey, new Date(0));
      if (mine.length === 0 || mine.some((k) => k._id === doc._id)) {
        keyDocs.push(doc);
        if (!mine.length) created.push({ merchantId: String(merchant._id), apiKey, source: 'dataset' });
      }
    } else if (mine.length === 0 && !keyDocs.some((k) => k.merchantId === merchant._id)) {
      const key = newApiKey();
      keyDocs.push(apiKeyDoc(String(merchant._id), key));
      created.push({ merchantId: String(merchant._id), apiKey: key, source: 'generated' });
    }
    return merchant;
  });
  return { dataset: { ...dataset, [owners]: cleanMerchants, [API_KEYS]: keyDocs }, created };
}

/** Writes the new key before removing the old ones, so the merchant is never without a key. */
export async function rotateApiKey(db: Db, merchantId: string): Promise<string> {
  if (!(await db.collection(COLLECTIONS.merchants).findOne({ _id: merchantId as never }, { projection: { _id: 1 } }))) {
    throw usageError(
      `merchant ${merchantId} does not exist`,
      'list merchants with `platform db merchants`; `platform seed` loads the demo ones',
    );
  }
  const key = newApiKey();
  const doc = apiKeyDoc(merchantId, key);
  await db.collection(API_KEYS).insertOne(doc);
  await db.collection(API_KEYS).deleteMany({ merchantId, _id: { $ne: doc._id } });
  return key;
}

export async function listApiKeys(db: Db): Promise<Array<{ merchantId: string; last4: string; createdAt: Date }>> {
  const docs = await db
    .collection(API_KEYS)
    .find({}, { projection: { _id: 0, merchantId: 1, last4: 1, createdAt: 1 } })
    .sort({ merchantId: 1 })
    .toArray();
  return docs as never;
}
