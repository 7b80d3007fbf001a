/**
 * Loading datasets into the stack's database, idempotently: every document has a natural-key
 * `_id` and is upserted by it, so running a seed twice leaves the same counts.
 *
 *   loadDatasetFile(path): Dataset                      EJSON ({ "<collection>": [docs] }), exit 2 on bad input
 *   datasetPath(root, name): string                     demos/data/<name>.json
 *   seedDataset(dataset, { mongoUrl?, reset?, batchSize?, onProgress? }): Promise<SeedResult[]>
 *       merchants' API keys are stored hashed (api-keys.ts); onApiKeys gets the ones made now
 *   seedSynthetic(count, { mongoUrl?, batchSize?, onProgress?, onApiKeys? }): Promise<SeedResult[]>
 *       N customers of merchant m_synthetic with a card, a ledger account and an opening balance (ids `*_syn_<n>`);
 *       replaces the previous synthetic set, inserted with insertMany in batches; no `total`.
 *   syntheticDocs(from, to): Dataset                     the generator, pure
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, type Db, type Document } from 'mongodb';
import { COLLECTIONS } from '@platform/contracts';

const { EJSON } = BSON;
import { usageError } from '../../errors.js';
import { parseJson } from '../../input/arguments.js';
import { refusal, resolveMongoUrl, withDb } from './client.js';
import { keysToSeed, type CreatedKey } from './api-keys.js';

export type Dataset = Record<string, Document[]>;

/** MongoDB's limit on one document (BSON), the same on every engine. */
const MAX_DOCUMENT_BYTES = 16 * 2 ** 20;

export interface SeedResult {
  collection: string;
  documents: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Documents in the collection afterwards (not counted for synthetic sets, which can be large). */
  total?: number;
}

export function datasetPath(root: string, name: string): string {
  if (!/^[\w.-]+$/.test(name)) throw usageError(`invalid dataset name "${name}"`, 'datasets are files under demos/data/, e.g. `platform seed payment-flow`');
  return join(root, 'demos', 'data', name.endsWith('.json') ? name : `${name}.json`);
}

/** Parses and checks a dataset: an object of collection name -> array of documents with an `_id`. */
export function parseDataset(text: string, where: string): Dataset {
  parseJson(text, where); // positions for malformed JSON; EJSON then turns {"$date": ...} into types
  const data = EJSON.parse(text, { relaxed: true }) as unknown;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw usageError(`${where}: expected an object of collections, like { "customers": [ { "_id": "cus_ada", ... } ] }`);
  for (const [name, docs] of Object.entries(data as Record<string, unknown>)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name) || name.startsWith('system.')) throw usageError(`${where}: "${name}" is not a valid collection name`);
    if (!Array.isArray(docs)) throw usageError(`${where}: "${name}" must be an array of documents`);
    docs.forEach((d, i) => {
      if (!d || typeof d !== 'object' || Array.isArray(d)) throw usageError(`${where}: ${name}[${i}] is not a document`);
      if ((d as Document)._id === undefined) throw usageError(`${where}: ${name}[${i}] has no _id`, 'seed documents need a natural-key _id (e.g. "cus_ada") so seeding is idempotent');
      const size = BSON.calculateObjectSize(d as Document);
      if (size > MAX_DOCUMENT_BYTES) throw usageError(`${where}: ${name}[${i}] is ${(size / 2 ** 20).toFixed(1)} MiB; a MongoDB document holds at most 16 MiB, so no engine can store it`, 'split it, or keep large payloads outside the database; nothing was written');
    });
  }
  return data as Dataset;
}

export function loadDatasetFile(path: string): Dataset {
  if (!existsSync(path)) throw usageError(`dataset file ${path} does not exist`);
  return parseDataset(readFileSync(path, 'utf8'), path);
}

const sameDoc = (a: Document, b: Document) => EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });

/**
 * Upserts by `_id`. Documents already stored unchanged are skipped (a re-seed then costs one read
 * per batch and writes nothing); the rest go through one bulkWrite per batch.
 */
export async function seedDataset(
  dataset: Dataset,
  opts: { mongoUrl?: string; reset?: boolean; batchSize?: number; onProgress?: (collection: string, done: number, total: number) => void; onApiKeys?: (keys: CreatedKey[]) => void } = {},
): Promise<SeedResult[]> {
  const url = opts.mongoUrl ?? (await resolveMongoUrl());
  const batchSize = opts.batchSize ?? 500;
  return withDb(url, async (db) => {
    const results: SeedResult[] = [];
    const { dataset: toWrite, created } = await keysToSeed(dataset, db, { reset: opts.reset });
    for (const [name, docs] of Object.entries(toWrite)) {
      results.push(await seedCollection(db, name, docs, opts.reset, batchSize, opts.onProgress).catch(async (e) => { throw await refusal(db, `seeding ${name}`, e); }));
    }
    opts.onApiKeys?.(created);
    return results;
  });
}

async function seedCollection(db: Db, name: string, docs: Document[], reset: boolean | undefined, batchSize: number, onProgress?: (collection: string, done: number, total: number) => void): Promise<SeedResult> {
  const coll = db.collection(name);
  const r: SeedResult = { collection: name, documents: docs.length, inserted: 0, updated: 0, unchanged: 0, deleted: 0, total: 0 };
  if (reset) r.deleted = (await coll.deleteMany({})).deletedCount;
  for (let i = 0; i < docs.length; i += batchSize) {
    const batch = docs.slice(i, i + batchSize);
    const existing = reset ? [] : await coll.find({ _id: { $in: batch.map((d) => d._id) } }).toArray();
    const byId = new Map(existing.map((d) => [EJSON.stringify(d._id), d]));
    const writes = [];
    for (const doc of batch) {
      const old = byId.get(EJSON.stringify(doc._id));
      if (old && sameDoc(old, doc)) r.unchanged++;
      else {
        if (old) r.updated++;
        else r.inserted++;
        writes.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
      }
    }
    if (writes.length) await coll.bulkWrite(writes, { ordered: false });
    onProgress?.(name, Math.min(docs.length, i + batchSize), docs.length);
  }
  r.total = await coll.countDocuments();
  return r;
}

const pad = (n: number) => String(n).padStart(8, '0');
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Linus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'Torvalds'];
const BRANDS = ['visa', 'mastercard', 'amex'];
/** The equity account opening balances come from, as in demos/data/payment-flow.json. */
export const SYNTHETIC_EQUITY = 'equity:opening';
/** The merchant whose customers the synthetic ones are (`platform keys rotate m_synthetic` gives a key). */
export const SYNTHETIC_MERCHANT = 'm_synthetic';
export const SYNTHETIC_COLLECTIONS = [COLLECTIONS.customers, COLLECTIONS.paymentMethods, COLLECTIONS.ledgerAccounts, COLLECTIONS.ledgerPostings] as const;
/** `_id` prefix of each synthetic collection, so a new run replaces exactly the previous synthetic set. */
const PREFIX: Record<(typeof SYNTHETIC_COLLECTIONS)[number], string> = {
  customers: 'cus_syn_',
  payment_methods: 'pm_syn_',
  ledger_accounts: 'cus_syn_',
  ledger_postings: 'opening:cus_syn_',
};

/**
 * Synthetic customers `from`..`to`-1, deterministic (same n, same documents): a customer, a
 * tokenised card, a ledger account and an opening posting that funds it from a synthetic equity account.
 */
export function syntheticDocs(from: number, to: number, now = new Date('2025-01-01T00:00:00Z')): Dataset {
  const out: Dataset = { customers: [], payment_methods: [], ledger_accounts: [], ledger_postings: [] };
  for (let n = from; n < to; n++) {
    const id = `cus_syn_${pad(n)}`;
    const first = FIRST[n % FIRST.length];
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
    const balance = 10_000 + ((n * 7919) % 90_000);
    out.customers.push({ _id: id, merchantId: SYNTHETIC_MERCHANT, name: `${first} ${last} ${n}`, email: `${first}.${last}.${n}@example.com`.toLowerCase() });
    out.payment_methods.push({ _id: `pm_syn_${pad(n)}`, customerId: id, brand: BRANDS[n % BRANDS.length], last4: String(1000 + (n % 9000)), expMonth: 1 + (n % 12), expYear: 2030 + (n % 5) });
    out.ledger_accounts.push({ _id: id, kind: 'customer', merchantId: SYNTHETIC_MERCHANT });
    out.ledger_postings.push({
      _id: `opening:${id}:EUR`,
      postingKey: `opening:${id}:EUR`,
      kind: 'opening',
      legs: [
        { account: id, currency: 'EUR', amount: balance },
        { account: SYNTHETIC_EQUITY, currency: 'EUR', amount: -balance },
      ],
      accounts: [id, SYNTHETIC_EQUITY],
      createdAt: now,
    });
  }
  return out;
}

export async function seedSynthetic(
  count: number,
  opts: { mongoUrl?: string; batchSize?: number; onProgress?: (done: number, total: number) => void; onApiKeys?: (keys: CreatedKey[]) => void } = {},
): Promise<SeedResult[]> {
  const url = opts.mongoUrl ?? (await resolveMongoUrl());
  const batchSize = opts.batchSize ?? 1000;
  return withDb(url, (db) => seedSyntheticInto(db, count, batchSize, opts.onProgress, opts.onApiKeys).catch(async (e) => { throw await refusal(db, 'seeding synthetic customers', e); }));
}

async function seedSyntheticInto(db: Db, count: number, batchSize: number, onProgress?: (done: number, total: number) => void, onApiKeys?: (keys: CreatedKey[]) => void): Promise<SeedResult[]> {
  const results = new Map<string, SeedResult>();
  const first = syntheticDocs(0, 1);
  // A regex delete scans the whole collection, so only clear a collection when a previous
  // synthetic set is there: its first document, looked up by _id.
  const clear = async (name: (typeof SYNTHETIC_COLLECTIONS)[number]) => (await db.collection(name).deleteMany({ _id: { $regex: `^${escapeRegex(PREFIX[name])}` } as never })).deletedCount;
  for (const name of SYNTHETIC_COLLECTIONS) {
    const previous = await db.collection(name).findOne({ _id: first[name][0]._id }, { projection: { _id: 1 } });
    results.set(name, { collection: name, documents: count, inserted: 0, updated: 0, unchanged: 0, deleted: previous ? await clear(name) : 0 });
  }
  const equity = await db.collection(COLLECTIONS.ledgerAccounts).updateOne({ _id: SYNTHETIC_EQUITY as never }, { $setOnInsert: { kind: 'equity' } }, { upsert: true });
  await db.collection(COLLECTIONS.merchants).updateOne({ _id: SYNTHETIC_MERCHANT as never }, { $setOnInsert: { name: 'Synthetic Ltd', country: 'DE' } }, { upsert: true });
  await db.collection(COLLECTIONS.ledgerAccounts).updateOne({ _id: SYNTHETIC_MERCHANT as never }, { $setOnInsert: { kind: 'merchant', merchantId: SYNTHETIC_MERCHANT } }, { upsert: true });
  const keys = await keysToSeed({ merchants: [{ _id: SYNTHETIC_MERCHANT }] }, db);
  if (keys.created.length) await db.collection(COLLECTIONS.apiKeys).insertMany(keys.dataset[COLLECTIONS.apiKeys]);
  const steps = SYNTHETIC_COLLECTIONS.length;
  let done = 0;
  for (let i = 0; i < count; i += batchSize) {
    const docs = syntheticDocs(i, Math.min(count, i + batchSize));
    for (const name of SYNTHETIC_COLLECTIONS) {
      const r = results.get(name)!;
      try {
        r.inserted += (await db.collection(name).insertMany(docs[name], { ordered: false })).insertedCount;
      } catch (e) {
        // Leftovers of a partial earlier set (its first document was gone): clear them and retry once.
        if ((e as { code?: number }).code !== 11000) throw e;
        r.deleted += await clear(name);
        r.inserted = 0;
        for (let j = 0; j <= i; j += batchSize) r.inserted += (await db.collection(name).insertMany(syntheticDocs(j, Math.min(count, j + batchSize))[name], { ordered: false })).insertedCount;
      }
      done += docs[name].length;
      onProgress?.(Math.floor(done / steps), count);
    }
  }
  if (equity.upsertedCount) results.get(COLLECTIONS.ledgerAccounts)!.inserted += 1;
  onApiKeys?.(keys.created);
  return [...results.values()];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
