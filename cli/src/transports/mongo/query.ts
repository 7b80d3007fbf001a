/**
 * Reading the stack's database for `platform db` and in-process callers.
 *
 *   parseFilter(text): Document                  EJSON filter, exit 2 with the position on bad JSON
 *   queryCollection(collection, filter, { mongoUrl?, limit?, sort? }): Promise<{ docs, total }>
 *   listCollections({ mongoUrl? }): Promise<{ collection, documents }[]>
 */
import { BSON, type Document } from 'mongodb';

const { EJSON } = BSON;
import { usageError } from '../../errors.js';
import { parseJson } from '../../input/arguments.js';
import { refusal, resolveMongoUrl, withDb } from './client.js';

export function parseDocumentArg(text: string | undefined, what: string): Document {
  if (text === undefined || text.trim() === '') return {};
  const plain = parseJson(text, what);
  if (!plain || typeof plain !== 'object' || Array.isArray(plain))
    throw usageError(`${what} must be a JSON object, like '{"status":"captured"}'`);
  return EJSON.parse(text, { relaxed: true }) as Document;
}

export async function listCollections(opts: { mongoUrl?: string } = {}): Promise<{ collection: string; documents: number }[]> {
  const url = opts.mongoUrl ?? (await resolveMongoUrl());
  return withDb(url, async (db) => {
    const names = (await db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((n) => !n.startsWith('system.'))
      .sort();
    return Promise.all(names.map(async (collection) => ({ collection, documents: await db.collection(collection).countDocuments() })));
  });
}

export async function queryCollection(
  collection: string,
  filter: Document,
  opts: { mongoUrl?: string; limit?: number; sort?: Document } = {},
): Promise<{ docs: Document[]; total: number }> {
  const url = opts.mongoUrl ?? (await resolveMongoUrl());
  return withDb(url, async (db) => {
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    if (!names.includes(collection)) {
      throw usageError(
        `unknown collection "${collection}"`,
        names.length ? `collections: ${names.sort().join(', ')}` : 'the database is empty: load data with `platform seed`',
      );
    }
    const coll = db.collection(collection);
    let cursor = coll.find(filter);
    if (opts.sort) cursor = cursor.sort(opts.sort);
    if (opts.limit) cursor = cursor.limit(opts.limit);
    try {
      // One after the other: an operator the engine lacks then fails in the find, which the error
      // names, never in the count that raced it (an aggregation, with another message).
      const docs = await cursor.toArray();
      return { docs, total: await coll.countDocuments(filter) };
    } catch (e) {
      throw await refusal(db, `find on ${collection}`, e);
    }
  });
}
