import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRow } from '../lib/report.mjs';
import { alternate } from '../lib/stats.mjs';
import { timed } from '../lib/proc.mjs';
import { WORK } from '../lib/stack.mjs';

const KCAT = process.env.BENCH_KCAT ?? '/usr/bin/kcat';
/** A 1 KB JSON value (1024 bytes), the same for every message on both sides. */
export const VALUE_1KB = (() => {
  const head = '{"bench":"';
  const tail = '"}';
  return head + 'x'.repeat(1024 - head.length - tail.length) + tail;
})();

const sizes = (ctx) => ({ n: ctx.quick ? 2000 : 50_000, runs: ctx.runs ?? (ctx.quick ? 1 : 5) });

async function createTopics(brokers, topics) {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })) });
  } finally {
    await admin.disconnect();
  }
}

async function deleteTopics(brokers, topics) {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => {});
  await admin.disconnect();
}

/** N lines of the 1 KB value: kcat's input, written before timing starts. */
function valuesFile(n) {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, `values-${n}.txt`);
  writeFileSync(file, (VALUE_1KB + '\n').repeat(n));
  return file;
}

function kcatProduce(broker, topic, file) {
  const fd = openSync(file, 'r');
  return timed(KCAT, ['-P', '-b', broker, '-t', topic, '-X', 'acks=all'], { stdinFd: fd }).finally(() => closeSync(fd));
}

export const kafkaProduce = {
  id: 'kafka-produce',
  title: 'Kafka produce',
  needsStack: true,
  async run(ctx) {
    const { stack } = ctx;
    const { n, runs } = sizes(ctx);
    const broker = stack.kafkaBrokers[0];
    const stamp = Date.now();
    const ours = `bench.produce.ours.${stamp}`;
    const peer = `bench.produce.kcat.${stamp}`;
    await createTopics(stack.kafkaBrokers, [ours, peer]);
    const file = valuesFile(n);
    try {
      const s = await alternate({
        runs,
        ours: async () =>
          (n / (await stack.run(['send', 'kafka', ours, VALUE_1KB, '--count', String(n), '--acks', 'all', '--json'])).ms) * 1000,
        peer: async () => (n / (await kcatProduce(broker, peer, file)).ms) * 1000,
      });
      return [
        makeRow({
          benchmark: 'Kafka produce',
          caseName: `${n} x 1 KB values, acks=all, 3 partitions`,
          metric: 'messages per second, N / wall time of the spawned producer',
          unit: 'msg/s',
          better: 'higher',
          ours: { label: `platform send kafka <topic> <1 KB> --count ${n} --acks all`, samples: s.ours },
          peer: { label: 'kcat -P -X acks=all < N lines', samples: s.peer },
          goals: [{ text: '>= 1.0x', test: (r) => r >= 1.0 }],
        }),
      ];
    } finally {
      await deleteTopics(stack.kafkaBrokers, [ours, peer]);
    }
  },
};

export const kafkaConsume = {
  id: 'kafka-consume',
  title: 'Kafka consume',
  needsStack: true,
  async run(ctx) {
    const { stack } = ctx;
    const { n, runs } = sizes(ctx);
    const broker = stack.kafkaBrokers[0];
    const topic = `bench.consume.${Date.now()}`;
    await createTopics(stack.kafkaBrokers, [topic]);
    try {
      // One topic holding exactly N messages; every run of either side reads all of it.
      await kcatProduce(broker, topic, valuesFile(n));
      const check = (who, r) => {
        if (r.lines !== n) throw new Error(`${who} printed ${r.lines} lines, expected ${n}`);
        return (n / r.ms) * 1000;
      };
      const s = await alternate({
        runs,
        ours: async () =>
          check(
            'platform tail',
            await stack.run(['tail', topic, '--from-beginning', '--max', String(n), '--format', 'raw'], { stdout: 'count' }),
          ),
        peer: async () =>
          check('kcat -C', await timed(KCAT, ['-C', '-b', broker, '-t', topic, '-o', 'beginning', '-e', '-q'], { stdout: 'count' })),
      });
      return [
        makeRow({
          benchmark: 'Kafka consume',
          caseName: `${n} x 1 KB values from the beginning, 3 partitions, values printed to a pipe`,
          metric: 'messages per second, N / wall time of the spawned consumer',
          unit: 'msg/s',
          better: 'higher',
          ours: { label: `platform tail <topic> --from-beginning --max ${n} --format raw`, samples: s.ours },
          peer: { label: 'kcat -C -o beginning -e -q', samples: s.peer },
          goals: [{ text: '>= 1.0x', test: (r) => r >= 1.0 }],
        }),
      ];
    } finally {
      await deleteTopics(stack.kafkaBrokers, [topic]);
    }
  },
};
