import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { control, requireStack } from '../supervisor/client.js';
import { printJson, progress } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';

const MAX_INSTANCES = 9;

export function parseScalePairs(pairs: string[]): [string, number][] {
  return pairs.map((pair) => {
    const m = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(pair);
    if (!m) throw usageError(`"${pair}" is not service=count`, 'e.g. `platform scale notifications=2`');
    const n = Number(m[2]);
    if (n > MAX_INSTANCES) throw usageError(`${m[1]}=${n}: at most ${MAX_INSTANCES} instances (instance n listens on its ports + 100*n)`);
    return [m[1], n];
  });
}

export async function scaleAction(pairs: string[], opts: { json?: boolean }): Promise<void> {
  const wanted = parseScalePairs(pairs);
  const state = await requireStack(projectPaths().stateDir);
  const running = new Set(state.processes.filter((p) => p.kind === 'service').map((p) => p.name));
  for (const [name] of wanted) {
    if (!running.has(name)) throw usageError(`service "${name}" is not part of the running stack`, `services: ${[...running].join(', ')}`);
  }
  const steps = progress(!opts.json);
  for (const [name, count] of wanted) {
    steps.step(`Scaling ${name} to ${count}`);
    await control(state, 'scale', { name, count });
  }
  steps.done();
  const after = await requireStack(projectPaths().stateDir);
  if (opts.json) return printJson(after);
  process.stdout.write(renderStack(after) + '\n');
}
