import { projectPaths } from '../stack/project.js';
import { requireStack } from '../stack/live.js';
import { findCheckpoint, loadCheckpoints, resetTo } from '../demo/checkpoints.js';
import { newRunId } from '../demo/runner.js';
import { StackEnv } from '../demo/stack-env.js';
import { formatMs } from '../demo/duration.js';
import { printJson, printTable, progress } from '../ui/output.js';
import { colors } from '../ui/colors.js';

export async function resetAction(name: string, opts: { list?: boolean; json?: boolean }): Promise<void> {
  const paths = projectPaths();
  if (opts.list) {
    const all = await loadCheckpoints(paths.root);
    if (opts.json) return printJson(all);
    return printTable(
      ['checkpoint', 'datasets', 'description'],
      all.map((c) => [c.name, c.datasets.join(', ') || '-', c.description]),
    );
  }
  const cp = await findCheckpoint(paths.root, name);
  await requireStack(paths.stateDir);
  const env = new StackEnv(paths, newRunId());
  const steps = progress(!opts.json);
  try {
    const report = await resetTo(env, cp, (what) => steps.step(what));
    steps.done();
    if (opts.json) return printJson(report);
    const docs = Object.entries(report.seeded)
      .map(([c, n]) => `${n} ${c}`)
      .join(', ');
    process.stdout.write(
      `${colors.green('✓')} Reset to ${colors.bold(cp.name)} in ${formatMs(report.ms)}: ${report.topics.length} topics ${report.topicsMode} (${report.topics.join(', ')}), consumer offsets reset (${report.groups.join(', ') || 'no group'}), database reseeded (${docs || 'empty'}), restarted ${report.restarted.join(', ') || 'nothing'}.\n`,
    );
  } catch (e) {
    steps.fail();
    throw e;
  } finally {
    await env.close();
  }
}
