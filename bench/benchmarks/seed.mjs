import { fileURLToPath } from 'node:url';
import { makeRow } from '../lib/report.mjs';
import { alternate } from '../lib/stats.mjs';
import { timed } from '../lib/proc.mjs';

const PEER = fileURLToPath(new URL('../peers/mongo-insert.mjs', import.meta.url));
const BATCH = 1000; // seed's default batch size

/** Removes the synthetic set (untimed), so both sides insert into the same, emptied collections. */
export async function clearSynthetic(mongoUrl) {
  const { MongoClient } = await import('mongodb');
  const { datasetPath, loadDatasetFile, syntheticOf } = await import('../../cli/dist/transports/mongo/seed.js');
  const synthetic = syntheticOf(loadDatasetFile(datasetPath(fileURLToPath(new URL('../..', import.meta.url)), 'payment-flow')));
  const client = new MongoClient(mongoUrl);
  await client.connect();
  try {
    for (const name of synthetic.collections)
      await client
        .db()
        .collection(name)
        .deleteMany({ _id: { $regex: `^${synthetic.idPrefix[name].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } });
  } finally {
    await client.close();
  }
}

/**
 * `platform seed --count N` (N customers = 4N documents in four collections) against the raw
 * driver's insertMany of the same documents in the same batches, both spawned and timed to exit.
 */
export default {
  id: 'seed',
  title: 'seed',
  needsStack: true,
  async run(ctx) {
    const { stack } = ctx;
    const n = ctx.quick ? 300 : 2000;
    const s = await alternate({
      runs: ctx.runs ?? (ctx.quick ? 1 : 5),
      ours: async () => {
        await clearSynthetic(stack.mongoUrl);
        return (n / (await stack.run(['seed', '--count', String(n), '--json'])).ms) * 1000;
      },
      peer: async () => {
        await clearSynthetic(stack.mongoUrl);
        return (n / (await timed(process.execPath, [PEER, stack.mongoUrl, String(n), String(BATCH)])).ms) * 1000;
      },
    });
    return [
      makeRow({
        benchmark: 'seed',
        caseName: `${n} synthetic customers (${4 * n} documents, 4 collections, batches of ${BATCH})`,
        metric: 'customers per second, N / wall time of the spawned writer',
        unit: 'cust/s',
        better: 'higher',
        ours: { label: `platform seed --count ${n}`, samples: s.ours },
        peer: { label: 'mongodb driver insertMany, same documents', samples: s.peer },
        goals: [{ text: '>= 0.9x', test: (r) => r >= 0.9 }],
      }),
    ];
  },
};
