// Peer for the seed benchmark: the raw mongodb driver inserting the same synthetic documents
// `platform seed --count N` writes (the same dataset templates, collections and batch size).
// usage: node mongo-insert.mjs <mongo-url> <count> <batch-size>
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { datasetPath, loadDatasetFile, syntheticOf } from '../../cli/dist/transports/mongo/seed.js';

const [url, count, batchSize] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const synthetic = syntheticOf(loadDatasetFile(datasetPath(fileURLToPath(new URL('../..', import.meta.url)), 'payment-flow')));
const client = new MongoClient(url);
await client.connect();
const db = client.db();
for (let i = 0; i < count; i += batchSize) {
  const docs = synthetic.docs(i, Math.min(count, i + batchSize));
  for (const name of synthetic.collections) await db.collection(name).insertMany(docs[name], { ordered: false });
}
await client.close();
