import { makeRow } from '../lib/report.mjs';
import { alternate } from '../lib/stats.mjs';
import { ensureFerretdb, freshDataDir, startEngine } from '../lib/db-engines.mjs';

const CONCURRENCY = 16;

/** insertOne from 16 concurrent workers on one pooled client, as 16 requests of a service would. */
async function insertRate(url, count) {
  const { MongoClient } = await import('mongodb');
  const client = await new MongoClient(url, { maxPoolSize: CONCURRENCY }).connect();
  try {
    const coll = client.db().collection(`payments_${Date.now()}`);
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < count; i = next++) {
          await coll.insertOne({
            _id: `pay_${i}`,
            merchantId: 'm_acme',
            amount: 100 + i,
            currency: 'EUR',
            status: 'captured',
            createdAt: new Date(),
          });
        }
      }),
    );
    return count / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await client.close();
  }
}

/** 16 clients add 1 to the same counter `each` times: the share of increments the engine kept, in %. */
async function incrementsKept(url, each) {
  const { MongoClient } = await import('mongodb');
  const clients = await Promise.all(Array.from({ length: CONCURRENCY }, () => new MongoClient(url, { maxPoolSize: 1 }).connect()));
  try {
    const name = `counter_${Date.now()}`;
    await clients[0].db().collection(name).insertOne({ _id: 'c', n: 0 });
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < each; i++)
          await c
            .db()
            .collection(name)
            .updateOne({ _id: 'c' }, { $inc: { n: 1 } });
      }),
    );
    const { n } = await clients[0].db().collection(name).findOne({ _id: 'c' });
    return (100 * n) / (CONCURRENCY * each);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

/**
 * The native database engine against the one it replaced, each started by the bench on its own
 * port and data folder: mongo-java-server (our launcher, as `platform up` runs it) and FerretDB
 * 1.24.2 on SQLite. Throughput of insertOne at concurrency 16, and whether concurrent $inc add up.
 */
export default {
  id: 'db-engine',
  title: 'database engine (insertOne, $inc)',
  needsStack: false,
  async run(ctx) {
    const { cacheDir } = await import('../../cli/dist/stack/project.js');
    const { installLauncher, mongoJavaServerCommand, MONGO_JAVA_SERVER_VERSION } = await import('../../cli/dist/infra/native/mongo.js');
    const ferretdb = await ensureFerretdb({ cacheDir: cacheDir(), quick: ctx.quick, log: ctx.log });
    const launcher = await installLauncher(cacheDir());
    const base = 27017 + ctx.stack.offset;
    const oursDir = freshDataDir('mongo-java-server');
    const peerDir = freshDataDir('ferretdb');
    const ours = await startEngine('mongo-java-server', mongoJavaServerCommand(launcher, base + 3, oursDir), {
      port: base + 3,
      dataDir: oursDir,
    });
    ctx.onCleanup(() => ours.stop());
    const peer = await startEngine(
      'ferretdb',
      [ferretdb, ['-listen-addr', `127.0.0.1:${base + 4}`, '-sqlite-url', `file:${peerDir}/`, '-log-level', 'error']],
      { port: base + 4, dataDir: peerDir },
    );
    ctx.onCleanup(() => peer.stop());

    const inserts = ctx.quick ? 200 : 3000;
    const each = ctx.quick ? 10 : 100;
    const runs = ctx.runs ?? (ctx.quick ? 1 : 3);
    // Wall-clock rates move with the machine's load; the servers' own CPU time per insert does not.
    const cpu = { ours: [], peer: [] };
    const measured = (side, engine) => async (i) => {
      const before = engine.cpuMs();
      const perSecond = await insertRate(engine.url, inserts);
      if (i >= 0) cpu[side].push((engine.cpuMs() - before) / inserts);
      return perSecond;
    };
    const rate = await alternate({ runs, ours: measured('ours', ours), peer: measured('peer', peer) });
    const kept = await alternate({
      runs,
      warmup: 0,
      ours: () => incrementsKept(ours.url, each),
      peer: () => incrementsKept(peer.url, each),
    });
    const labels = {
      ours: `mongo-java-server ${MONGO_JAVA_SERVER_VERSION} (memory, snapshots), our launcher`,
      peer: 'FerretDB 1.24.2 (SQLite), the previous native engine',
    };
    // One row per measure; the engines and their labels are the same in each.
    const row = (caseName, metric, unit, better, samples, extra = {}) =>
      makeRow({
        benchmark: 'database engine',
        caseName,
        metric,
        unit,
        better,
        ours: { label: labels.ours, samples: samples.ours },
        peer: { label: labels.peer, samples: samples.peer },
        ...extra,
      });
    return [
      row(`insertOne x ${inserts}, concurrency ${CONCURRENCY}`, 'inserts per second', 'ops/s', 'higher', rate),
      row(
        `insertOne x ${inserts}, concurrency ${CONCURRENCY}: server CPU per insert`,
        'CPU ms (user + system) of the server process per insertOne',
        'ms',
        'lower',
        cpu,
      ),
      row(`${CONCURRENCY} clients x ${each} $inc on one document`, 'increments kept, % (100 = atomic)', '%', 'higher', kept, {
        goals: [{ text: 'ours = 100% in every run', value: Math.min(...kept.ours), test: (v) => v === 100 }],
      }),
    ];
  },
};
