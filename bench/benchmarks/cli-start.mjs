import { makeRow } from '../lib/report.mjs';
import { alternate } from '../lib/stats.mjs';
import { BIN, timed } from '../lib/proc.mjs';

/** `platform --version` and `--help` against a bare `node -e 0`: what the CLI adds to Node's own start. */
export default {
  id: 'cli-start',
  title: 'CLI start',
  needsStack: false,
  async run(ctx) {
    const runs = ctx.quick ? 3 : 30;
    const cases = [
      { args: ['--version'], goal: 1.5 },
      { args: ['--help'], goal: 2.5 },
    ];
    const rows = [];
    for (const c of cases) {
      const s = await alternate({
        runs,
        warmup: 2,
        ours: async () => (await timed(process.execPath, [BIN, ...c.args], { env: { NO_COLOR: '1' } })).ms,
        peer: async () => (await timed(process.execPath, ['-e', '0'])).ms,
      });
      rows.push(
        makeRow({
          benchmark: 'CLI start',
          caseName: c.args.join(' '),
          metric: 'wall time, spawn to exit',
          unit: 'ms',
          better: 'lower',
          ours: { label: `platform ${c.args.join(' ')}`, samples: s.ours },
          peer: { label: 'node -e 0', samples: s.peer },
          goals: [{ text: `<= ${c.goal}x`, test: (r) => r <= c.goal }],
        }),
      );
    }
    return rows;
  },
};
