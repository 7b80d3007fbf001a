/**
 * Loading datasets into the stack's database, idempotently: every document has a natural-key
 * `_id` and is upserted by it, so running a seed twice leaves the same counts. What to seed is the
 * dataset's: its collections, and in `$seed` whose `apiKey` fields become hashed keys and what a
 * synthetic unit is made of (docs/datasets.md); nothing here names a collection of the payment flow.
 *
 *   loadDatasetFile(path): DatasetFile                  EJSON ({ "<collection>": [docs], "$seed"?: {...} }), exit 2 on bad input
 *   datasetPath(root, name): string                     demos/data/<name>.json
 *   seedDataset(file, { mongoUrl?, reset?, batchSize?, onProgress?, onApiKeys? }): Promise<SeedResult[]>
 *       `$seed.apiKeys.owners` documents' API keys are stored hashed (api-keys.ts); onApiKeys gets the ones made now
 *   syntheticOf(file): Synthetic                        the dataset's synthetic templates, compiled (synthetic.ts)
 *   seedSynthetic(file, count, { mongoUrl?, batchSize?, onProgress?, onApiKeys? }): Promise<SeedResult[]>
 *       `count` units from the templates, replacing the previous synthetic set (found by `_id` prefix),
 *       inserted with insertMany in batches; no `total`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, type Db, type Document } from 'mongodb';
import { usageError } from '../../errors.js';
import { parseJson } from '../../input/arguments.js';
import { refusal, resolveMongoUrl, withDb } from './client.js';
import { API_KEYS, keysToSeed, type CreatedKey } from './api-keys.js';
import { compileSynthetic, type Synthetic, type SyntheticSpec } from './synthetic.js';

const { EJSON } = BSON;

export type Dataset = Record<string, Document[]>;

/** What a dataset file declares besides its collections. */
export interface SeedDeclaration {
  /** The collection whose documents may carry a clear `apiKey`, stored only as its hash. */
  apiKeys?: { owners: string };
  synthetic?: SyntheticSpec;
}

export interface DatasetFile {
  where: string;
  collections: Dataset;
  seed: SeedDeclaration;
}

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
  if (!/^[\w.-]+$/.test(name))
    throw usageError(`invalid dataset name "${name}"`, 'datasets are files under demos/data/, e.g. `platform seed payment-flow`');
  return join(root, 'demos', 'data', name.endsWith('.json') ? name : `${name}.json`);
}

/** Parses and checks a dataset: an object of collection name -> array of documents with an `_id`, and `$seed`. */
export function parseDataset(text: string, where: string): DatasetFile {
  parseJson(text, where); // positions for malformed JSON; EJSON then turns {"$date": ...} into types
  const parsed = EJSON.parse(text, { relaxed: true }) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw usageError(`${where}: expected an object of collections, like { "customers": [ { "_id": "cus_ada", ... } ] }`);
  const { $seed: seed = {}, ...data } = parsed as Record<string, unknown>;
  if (!seed || typeof seed !== 'object' || Array.isArray(seed))
    throw usageError(`${where}: "$seed" must be an object`, 'see docs/datasets.md');
  const owners = (seed as SeedDeclaration).apiKeys?.owners;
  if ((seed as SeedDeclaration).apiKeys && typeof owners !== 'string')
    throw usageError(`${where}: $seed.apiKeys needs "owners", the collection whose documents carry an apiKey`, 'see docs/datasets.md');
  for (const [name, docs] of Object.entries(data)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name) || name.startsWith('system.'))
      throw usageError(`${where}: "${name}" is not a valid collection name`);
    if (!Array.isArray(docs)) throw usageError(`${where}: "${name}" must be an array of documents`);
    docs.forEach((d, i) => {
      if (!d || typeof d !== 'object' || Array.isArray(d)) throw usageError(`${where}: ${name}[${i}] is not a document`);
      if ((d as Document)._id === undefined)
        throw usageError(
          `${where}: ${name}[${i}] has no _id`,
          'seed documents need a natural-key _id (e.g. "cus_ada") so seeding is idempotent',
        );
      // A key is only ever stored hashed: one outside the declared owners would be written in clear.
      if ('apiKey' in d && name !== owners)
        throw usageError(
          `${where}: ${name}[${i}] has an apiKey, which would be stored in clear`,
          `declare its owners so it is stored hashed: "$seed": { "apiKeys": { "owners": "${name}" } } (docs/datasets.md)`,
        );
      const size = BSON.calculateObjectSize(d as Document);
      if (size > MAX_DOCUMENT_BYTES)
        throw usageError(
          `${where}: ${name}[${i}] is ${(size / 2 ** 20).toFixed(1)} MiB; a MongoDB document holds at most 16 MiB, so no engine can store it`,
          'split it, or keep large payloads outside the database; nothing was written',
        );
    });
  }
  return { where, collections: data as Dataset, seed: seed as SeedDeclaration };
}

export function loadDatasetFile(path: string): DatasetFile {
  if (!existsSync(path)) throw usageError(`dataset file ${path} does not exist`);
  return parseDataset(readFileSync(path, 'utf8'), path);
}

const sameDoc = (a: Document, b: Document) => EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });

/**
 * Upserts by `_id`. Documents already stored unchanged are skipped (a re-seed then costs one read
 * per batch and writes nothing); the rest go through one bulkWrite per batch.
 */
export async function seedDataset(
  file: DatasetFile,
  opts: {
    mongoUrl?: string;
    reset?: boolean;
    batchSize?: number;
    onProgress?: (collection: string, done: number, total: number) => void;
    onApiKeys?: (keys: CreatedKey[]) => void;
  } = {},
): Promise<SeedResult[]> {
  const url = opts.mongoUrl ?? (await resolveMongoUrl());
  const batchSize = opts.batchSize ?? 500;
  return withDb(url, async (db) => {
    const results: SeedResult[] = [];
    const { dataset: toWrite, created } = await keysToSeed(file.collections, file.seed.apiKeys?.owners, db, { reset: opts.reset });
    for (const [name, docs] of Object.entries(toWrite)) {
      results.push(
        await seedCollection(db, name, docs, opts.reset, batchSize, opts.onProgress).catch(async (e) => {
          throw await refusal(db, `seeding ${name}`, e);
        }),
      );
    }
    opts.onApiKeys?.(created);
    return results;
  });
}

async function seedCollection(
  db: Db,
  name: string,
  docs: Document[],
  reset: boolean | undefined,
  batchSize: number,
  onProgress?: (collection: string, done: number, total: number) => void,
): Promise<SeedResult> {
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

/** The dataset's synthetic templates, or exit 2 when it declares none. */
export function syntheticOf(file: DatasetFile): Synthetic {
  if (!file.seed.synthetic)
    throw usageError(
      `${file.where} declares no synthetic documents for --count`,
      'add "$seed": { "synthetic": ... } to it (docs/datasets.md), or seed a dataset that has them',
    );
  return compileSynthetic(file.seed.synthetic, file.where);
}

export async function seedSynthetic(
  file: DatasetFile,
  count: number,
  opts: {
    mongoUrl?: string;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
    onApiKeys?: (keys: CreatedKey[]) => void;
  } = {},
): Promise<SeedResult[]> {
  const synthetic = syntheticOf(file);
  const url = opts.mongoUrl ?? (await resolveMongoUrl());
  const batchSize = opts.batchSize ?? 1000;
  return withDb(url, async (db) => {
    try {
      const results = await clearPreviousSet(db, synthetic, count);
      const created = await writeOnce(db, synthetic, file.seed.apiKeys?.owners, results);
      await insertUnits(db, synthetic, count, batchSize, results, opts.onProgress);
      opts.onApiKeys?.(created);
      return [...results.values()];
    } catch (e) {
      throw await refusal(db, `seeding synthetic ${synthetic.of}`, e);
    }
  });
}

/** A regex delete scans the whole collection, so a collection is only cleared when a previous set is there: its first document, looked up by _id. */
async function clearPreviousSet(db: Db, synthetic: Synthetic, count: number): Promise<Map<string, SeedResult>> {
  const results = new Map<string, SeedResult>();
  const first = synthetic.docs(0, 1);
  for (const name of synthetic.collections) {
    const previous = await db.collection(name).findOne({ _id: first[name][0]._id }, { projection: { _id: 1 } });
    results.set(name, {
      collection: name,
      documents: count,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      deleted: previous ? await clearSynthetic(db, synthetic, name) : 0,
    });
  }
  return results;
}

const clearSynthetic = async (db: Db, synthetic: Synthetic, name: string) =>
  (await db.collection(name).deleteMany({ _id: { $regex: `^${escapeRegex(synthetic.idPrefix[name])}` } as never })).deletedCount;

/** The documents every unit refers to, written only when missing; an API key for an owner that has none. */
async function writeOnce(
  db: Db,
  synthetic: Synthetic,
  owners: string | undefined,
  results: Map<string, SeedResult>,
): Promise<CreatedKey[]> {
  for (const [name, docs] of Object.entries(synthetic.once)) {
    for (const { _id, ...fields } of docs) {
      const r = await db
        .collection(name)
        .updateOne({ _id }, { $setOnInsert: Object.keys(fields).length ? fields : { _id } }, { upsert: true });
      if (r.upsertedCount && results.has(name)) results.get(name)!.inserted += 1;
    }
  }
  const keys = await keysToSeed(synthetic.once, owners, db);
  if (keys.created.length) await db.collection(API_KEYS).insertMany(keys.dataset[API_KEYS]);
  return keys.created;
}

async function insertUnits(
  db: Db,
  synthetic: Synthetic,
  count: number,
  batchSize: number,
  results: Map<string, SeedResult>,
  onProgress?: (done: number, total: number) => void,
) {
  const steps = synthetic.collections.length;
  let done = 0;
  for (let i = 0; i < count; i += batchSize) {
    const docs = synthetic.docs(i, Math.min(count, i + batchSize));
    for (const name of synthetic.collections) {
      const r = results.get(name)!;
      try {
        r.inserted += (await db.collection(name).insertMany(docs[name], { ordered: false })).insertedCount;
      } catch (e) {
        // Leftovers of a partial earlier set (its first document was gone): clear them and retry once.
        if ((e as { code?: number }).code !== 11000) throw e;
        r.deleted += await clearSynthetic(db, synthetic, name);
        r.inserted = 0;
        for (let j = 0; j <= i; j += batchSize)
          r.inserted += (
            await db.collection(name).insertMany(synthetic.docs(j, Math.min(count, j + batchSize))[name], { ordered: false })
          ).insertedCount;
      }
      done += docs[name].length;
      onProgress?.(Math.floor(done / steps), count);
    }
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
