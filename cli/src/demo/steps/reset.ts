import { findCheckpoint, resetTo } from '../checkpoints.js';
import { formatMs } from '../duration.js';
import type { StepKind } from '../step-kind.js';

/** `reset: checkpoint`: returns the stack to a checkpoint of demos/checkpoints.yaml, as `platform reset` does. */
export const reset: StepKind<string> = {
  schema: { type: 'string', description: 'return the stack to a checkpoint of demos/checkpoints.yaml' },
  async run(name, { env, progress }) {
    const checkpoint = await findCheckpoint(env.paths.root, name);
    const watched = env.watch.watching;
    await env.watch.stop();
    const report = await resetTo(env, checkpoint, progress);
    if (watched.length) await env.watch.start(watched);
    const seeded = Object.values(report.seeded).reduce((a, b) => a + b, 0);
    return {
      summary: `checkpoint ${checkpoint.name} in ${formatMs(report.ms)}: ${seeded} documents seeded, ${report.topics.length} topics ${report.topicsMode}, restarted ${report.restarted.join(', ') || 'nothing'}`,
      data: report,
    };
  },
  view: (name) => ({ title: `reset to checkpoint ${name}`, command: `platform reset ${name}` }),
  preflight: (name, check) => check.checkpoint(['reset'], name),
};
