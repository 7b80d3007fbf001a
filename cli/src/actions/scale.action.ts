import { parseScalePairs } from '../input/arguments.js';
import { projectPaths } from '../stack/project.js';
import { requireStack } from '../stack/live.js';
import { setDesired } from '../supervisor/client.js';
import { printJson, progress } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';

/** Sets the desired instance counts; the supervisor checks names and limits and converges. */
export async function scaleAction(pairs: string[], opts: { json?: boolean }): Promise<void> {
  const wanted = parseScalePairs(pairs);
  const state = await requireStack(projectPaths().stateDir);
  const steps = progress(!opts.json);
  steps.step(`Scaling ${wanted.map(([n, c]) => `${n} to ${c}`).join(', ')}`);
  try {
    await setDesired(state, Object.fromEntries(wanted), { wait: true });
  } catch (e) {
    steps.fail();
    throw e;
  }
  steps.done();
  const after = await requireStack(projectPaths().stateDir);
  if (opts.json) return printJson(after);
  process.stdout.write(renderStack(after) + '\n');
}
