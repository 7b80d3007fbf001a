import { describe, expect, it } from 'vitest';
import type { Db, Document } from 'mongodb';
import { apiKeyHash, keysToSeed, newApiKey } from './api-keys.js';

/** Just enough of a Db for keysToSeed: the api_keys already stored. */
const dbWith = (stored: Document[]) => ({ collection: () => ({ find: () => ({ toArray: async () => stored }) }) }) as unknown as Db;
const DEMO = 'sk_test_acme_0123456789abcdef';

describe('keysToSeed', () => {
  it('stores a dataset key only as its hash, and says it was written now', async () => {
    const { dataset, created } = await keysToSeed({ merchants: [{ _id: 'm_acme', name: 'Acme', apiKey: DEMO }] }, 'merchants', dbWith([]));
    expect(dataset.merchants).toEqual([{ _id: 'm_acme', name: 'Acme' }]);
    expect(dataset.api_keys).toEqual([expect.objectContaining({ _id: apiKeyHash(DEMO), merchantId: 'm_acme', last4: 'cdef' })]);
    expect(JSON.stringify(dataset)).not.toContain(DEMO);
    expect(created).toEqual([{ merchantId: 'm_acme', apiKey: DEMO, source: 'dataset' }]);
  });

  it('is idempotent: the same key already stored is written again unchanged and not shown again', async () => {
    const { dataset, created } = await keysToSeed(
      { merchants: [{ _id: 'm_acme', apiKey: DEMO }] },
      'merchants',
      dbWith([{ _id: apiKeyHash(DEMO), merchantId: 'm_acme' }]),
    );
    expect(dataset.api_keys).toHaveLength(1);
    expect(created).toEqual([]);
  });

  it('keeps a rotated key unless reset', async () => {
    const rotated = [{ _id: apiKeyHash(newApiKey()), merchantId: 'm_acme' }];
    expect((await keysToSeed({ merchants: [{ _id: 'm_acme', apiKey: DEMO }] }, 'merchants', dbWith(rotated))).dataset.api_keys).toEqual([]);
    expect(
      (await keysToSeed({ merchants: [{ _id: 'm_acme', apiKey: DEMO }] }, 'merchants', dbWith(rotated), { reset: true })).dataset.api_keys,
    ).toHaveLength(1);
  });

  it('makes a random key for a merchant that has none', async () => {
    const { dataset, created } = await keysToSeed({ merchants: [{ _id: 'm_new' }] }, 'merchants', dbWith([]));
    expect(created).toEqual([{ merchantId: 'm_new', apiKey: expect.stringMatching(/^sk_test_[A-Za-z0-9_-]{32}$/), source: 'generated' }]);
    expect(dataset.api_keys[0]._id).toBe(apiKeyHash(created[0].apiKey));
  });

  it('refuses a dataset key that is not a secret key', async () => {
    await expect(keysToSeed({ merchants: [{ _id: 'm_acme', apiKey: 'hunter2' }] }, 'merchants', dbWith([]))).rejects.toThrow(
      /apiKey must look like sk_/,
    );
  });
});
