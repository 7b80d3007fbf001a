import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { latencyExtra, makeRow } from '../lib/report.mjs';
import { alternate, median, round } from '../lib/stats.mjs';
import { timed } from '../lib/proc.mjs';

const SERVER = fileURLToPath(new URL('../peers/tcp-echo-server.mjs', import.meta.url));
const CLIENT = fileURLToPath(new URL('../peers/tcp-echo-client.mjs', import.meta.url));
const NEST_CLIENT = fileURLToPath(new URL('../peers/nest-client-proxy.mjs', import.meta.url));

/** What to call: a handler that does no I/O, so the row measures transport and framework, not the database. */
export function tcpTarget(projectKind) {
  if (process.env.BENCH_TCP_TARGET) {
    const [service, pattern, data = '{}'] = process.env.BENCH_TCP_TARGET.split(' ');
    return { service, pattern, data };
  }
  return projectKind === 'template'
    ? { service: 'echo', pattern: 'echo.greet', data: '{"name":"Ada"}' }
    : { service: 'ledger', pattern: 'platform.describe', data: '{}' };
}

/**
 * The goal row: `platform send tcp 127.0.0.1:<echo> <pattern> --repeat N --concurrency C` (spawned,
 * timed from spawn to exit) against a raw `net` client, both talking to the SAME raw echo server
 * with the same request and reply text: it measures the client, which is what the CLI is.
 * A second row, for the record, sends the same load to the real NestJS service: the difference
 * between the two rows is the NestJS server's own cost, which no client can remove.
 * Throughput is N / wall time on both sides, so each includes its process start and connect.
 */
export default {
  id: 'tcp',
  title: 'TCP request/reply',
  needsStack: true,
  async run(ctx) {
    const { stack, quick } = ctx;
    const t = tcpTarget(stack.project.kind);
    if (!stack.servicePort(t.service))
      throw Object.assign(
        new Error(`service ${t.service} is not in the running stack (set BENCH_TCP_TARGET="<service> <pattern> <json>")`),
        { skip: true },
      );
    const reply = (await stack.run(['send', 'tcp', t.service, t.pattern, t.data, '--json'])).stdout.trim();
    const peerPort = 9092 + stack.offset + 310;
    const server = spawn(process.execPath, [SERVER, String(peerPort), reply], { stdio: ['ignore', 'pipe', 'inherit'] });
    ctx.onCleanup(() => server.kill());
    await new Promise((resolve, reject) => {
      server.stdout.once('data', resolve);
      server.once('exit', (c) => reject(new Error(`the peer echo server exited (${c})`)));
    });
    const rows = [];
    try {
      const cases = [
        { concurrency: 1, repeat: quick ? 50 : 3000 },
        { concurrency: 32, repeat: quick ? 200 : 20000 },
      ];
      const throughputAndTail = (min) => (ours) => [
        { text: `>= ${min}x throughput`, test: (r) => r >= min },
        { text: 'p99 <= 3x p50', value: ours.p99Ms / ours.p50Ms, test: (v) => v <= 3 },
      ];
      const raw = { script: CLIENT, label: 'raw net client + echo server' };
      const targets = [
        // Issue 7's goal: against a raw client, same server.
        { address: `127.0.0.1:${peerPort}`, label: 'same echo server', peer: raw, goals: throughputAndTail(0.7) },
        // Issue 4's goal: against NestJS's own ClientProxy in a loop, same server.
        {
          address: `127.0.0.1:${peerPort}`,
          label: 'same echo server, vs ClientProxy',
          peer: { script: NEST_CLIENT, label: 'NestJS ClientProxy loop, same echo server' },
          goals: () => [{ text: '>= 0.9x throughput', test: (r) => r >= 0.9 }],
        },
        // For the record: the real NestJS service, whose server costs what no client can remove.
        { address: t.service, label: `NestJS ${t.service}`, peer: raw, goals: () => [] },
      ];
      for (const c of cases)
        for (const target of targets) {
          const ourRuns = [];
          const peerRuns = [];
          const s = await alternate({
            runs: ctx.runs ?? (quick ? 1 : 5),
            warmup: 1,
            ours: async (i) => {
              const r = await stack.run([
                'send',
                'tcp',
                target.address,
                t.pattern,
                t.data,
                '--repeat',
                String(c.repeat),
                '--concurrency',
                String(c.concurrency),
                '--json',
              ]);
              const sum = JSON.parse(r.stdout);
              if (sum.errors) throw new Error(`${sum.errors} of ${sum.requests} requests failed: ${sum.firstError}`);
              if (i >= 0) ourRuns.push({ p50: sum.latencyMs.p50, p99: sum.latencyMs.p99, inLoop: sum.throughput });
              return (c.repeat / r.ms) * 1000;
            },
            peer: async (i) => {
              const r = await timed(process.execPath, [
                target.peer.script,
                String(peerPort),
                t.pattern,
                t.data,
                String(c.repeat),
                String(c.concurrency),
              ]);
              const sum = JSON.parse(r.stdout);
              if (i >= 0) peerRuns.push({ p50: sum.latencyMs.p50, p99: sum.latencyMs.p99, inLoop: sum.throughput });
              return (c.repeat / r.ms) * 1000;
            },
          });
          const ours = latencyExtra(ourRuns);
          const inLoop = (runs) => round(median(runs.map((r) => r.inLoop)), 1);
          rows.push(
            makeRow({
              benchmark: 'TCP request/reply',
              caseName: `concurrency ${c.concurrency}, ${c.repeat} requests, ours → ${target.label}`,
              metric: 'requests per second, N / wall time of the spawned client',
              unit: 'req/s',
              better: 'higher',
              ours: {
                label: `platform send tcp ${target.address} ${t.pattern} --repeat ${c.repeat} --concurrency ${c.concurrency}`,
                samples: s.ours,
                extra: { ...ours, inLoopReqPerSec: inLoop(ourRuns) },
              },
              peer: { label: target.peer.label, samples: s.peer, extra: { ...latencyExtra(peerRuns), inLoopReqPerSec: inLoop(peerRuns) } },
              goals: target.goals(ours),
              notes: `in-loop throughput (excluding process start and connect): ours ${inLoop(ourRuns)} req/s, peer ${inLoop(peerRuns)} req/s; reply ${reply.length} characters`,
            }),
          );
        }
    } finally {
      server.kill();
    }
    return rows;
  },
};
