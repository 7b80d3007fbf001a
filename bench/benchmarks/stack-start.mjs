import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { makeRow } from '../lib/report.mjs';
import { alternate } from '../lib/stats.mjs';
import { sleep } from '../lib/proc.mjs';
import { WORK } from '../lib/stack.mjs';

/**
 * `platform up` on a warm machine (jars cached, services built, storage formatted), timed until it
 * exits with everything healthy, against the Kafka broker alone: the same ChildSpec that
 * cli/src/infra/native/kafka.ts builds (jars, JVM flags, server.properties), timed until a kafkajs
 * describeCluster answers. The broker is the floor: no stack can be up before its Kafka is.
 */
export default {
  id: 'stack-start',
  title: 'stack start',
  needsStack: false,
  skipWhenUsingRunning: 'it starts and stops stacks; --use-running measures against a stack someone else owns',
  async run(ctx) {
    const { stack } = ctx;
    const { prepareKafka } = await import('../../cli/dist/infra/native/kafka.js');
    const { kafkaAnswers } = await import('../../cli/dist/infra/readiness.js');
    const { cacheDir } = await import('../../cli/dist/stack/project.js');
    const dir = join(WORK, 'peer-kafka');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    // Ports next to the bench stack's, so the peer never collides with it or with a developer's.
    const port = 9092 + stack.offset + 300;
    const spec = await prepareKafka(
      {
        root: dir,
        servicesDir: join(dir, 'none'),
        stateDir: dir,
        logsDir: join(dir, 'logs'),
        dataDir: join(dir, 'data'),
        cacheDir: cacheDir(),
      },
      { kafka: port, kafkaController: port + 1, mongo: 0 },
    );

    await stack.down();
    const ours = async (i) => {
      const r = await stack.run(['up', '--json'], { timeoutMs: 900_000 });
      ctx.log(`  platform up ${i < 0 ? '(warm-up)' : `#${i + 1}`}: ${(r.ms / 1000).toFixed(2)} s`);
      await stack.down();
      return r.ms;
    };
    const peer = async (i) => {
      const fd = openSync(spec.logFile, 'a');
      const start = process.hrtime.bigint();
      const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', fd, fd] });
      closeSync(fd);
      ctx.onCleanup(() => child.kill('SIGKILL'));
      let exited = false;
      child.once('exit', () => (exited = true));
      let ms;
      for (;;) {
        if (exited) throw new Error(`the peer Kafka broker exited during start; see ${spec.logFile}`);
        try {
          await kafkaAnswers([`127.0.0.1:${port}`], 2000);
          ms = Number(process.hrtime.bigint() - start) / 1e6;
          break;
        } catch {
          await sleep(50);
        }
      }
      ctx.log(`  kafka alone ${i < 0 ? '(warm-up)' : `#${i + 1}`}: ${(ms / 1000).toFixed(2)} s`);
      child.kill('SIGTERM');
      const deadline = Date.now() + 30_000;
      while (!exited && Date.now() < deadline) await sleep(100);
      if (!exited) child.kill('SIGKILL');
      while (!exited) await sleep(50);
      return ms;
    };
    const s = await alternate({ runs: ctx.quick ? 1 : 5, warmup: 1, ours, peer });
    return [
      makeRow({
        benchmark: 'stack start',
        caseName: `warm, ${stack.project.kind} project`,
        metric: 'wall time to all-healthy',
        unit: 's',
        better: 'lower',
        ours: { label: 'platform up', samples: s.ours.map((x) => x / 1000) },
        peer: { label: 'Kafka broker alone to describeCluster', samples: s.peer.map((x) => x / 1000) },
        goals: [{ text: '<= 1.3x', test: (r) => r <= 1.3 }],
      }),
    ];
  },
};
