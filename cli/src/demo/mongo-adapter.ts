import type { Db } from 'mongodb';

/**
 * The database side of scenario steps: seeding goes through transports/mongo; queries poll on
 * the run's one open client (an `expect document` may ask many times a second).
 */

/** Loads demos/data/<name>.json with the shared seeder (upsert by _id); returns documents per collection. */
export async function seedNamedDataset(root: string, name: string, mongoUrl: string, reset: boolean): Promise<Record<string, number>> {
  const { datasetPath, loadDatasetFile, seedDataset } = await import('../transports/mongo/seed.js');
  const results = await seedDataset(loadDatasetFile(datasetPath(root, name)), { mongoUrl, reset });
  return Object.fromEntries(results.map((r) => [r.collection, r.documents]));
}

/** Empties every collection of the database, keeping the collections and their indexes. */
export async function emptyAllCollections(db: Db): Promise<string[]> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  await Promise.all(names.map((n) => db.collection(n).deleteMany({})));
  return names;
}

/** Documents as plain JSON (ObjectId → hex string, Date → ISO string), what partial matching compares. */
export async function findDocuments(
  db: Db,
  collection: string,
  filter: Record<string, unknown> = {},
  limit = 50,
): Promise<{ docs: Record<string, unknown>[]; count: number }> {
  const { BSON } = await import('mongodb');
  const query = BSON.EJSON.deserialize(filter, { relaxed: true }) as Record<string, unknown>;
  const coll = db.collection(collection);
  const [docs, count] = await Promise.all([coll.find(query).limit(limit).toArray(), coll.countDocuments(query)]);
  return { docs: JSON.parse(JSON.stringify(docs)), count };
}
