// Peer for the seed benchmark: the raw mongodb driver inserting the same synthetic documents
// `platform seed --count N` writes (same generator, same collections, same batch size).
// usage: node mongo-insert.mjs <mongo-url> <count> <batch-size>
import { MongoClient } from 'mongodb';
import { syntheticDocs, SYNTHETIC_COLLECTIONS } from '../../cli/dist/transports/mongo/seed.js';

const [url, count, batchSize] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const client = new MongoClient(url);
await client.connect();
const db = client.db();
for (let i = 0; i < count; i += batchSize) {
  const docs = syntheticDocs(i, Math.min(count, i + batchSize));
  for (const name of SYNTHETIC_COLLECTIONS) await db.collection(name).insertMany(docs[name], { ordered: false });
}
await client.close();
