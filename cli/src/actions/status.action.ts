import { projectPaths } from '../stack/project.js';
import { requireStack } from '../supervisor/client.js';
import { printJson } from '../ui/output.js';
import { renderStack } from '../ui/stack-table.js';

export async function statusAction(opts: { json?: boolean }): Promise<void> {
  const paths = projectPaths();
  const state = await requireStack(paths.stateDir);
  if (opts.json) return printJson(state);
  process.stdout.write(renderStack(state) + '\n');
}
