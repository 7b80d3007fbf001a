import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { requireStack } from '../stack/live.js';
import { setDesired } from '../supervisor/client.js';
import { printJson, progress } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';

export function parseScalePairs(pairs: string[]): [string, number][] {
  return pairs.map((pair) => {
    const m = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(pair);
    if (!m) throw usageError(`"${pair}" is not service=count`, 'e.g. `platform scale notifications=2`');
    return [m[1], Number(m[2])];
  });
}

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
