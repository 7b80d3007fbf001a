import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { requireStack } from '../stack/live.js';
import { control } from '../supervisor/client.js';
import { parseServiceTarget } from '../transports/tcp/address.js';
import { printJson, progress } from '../ui/output.js';

/** `kill` crashes a process on purpose (a service, kafka or mongo run by this stack); `restart` stops and starts it. */
export async function killAction(action: 'kill' | 'restart', target: string, opts: { json?: boolean }): Promise<void> {
  const { name, instance } = parseServiceTarget(target);
  const hasInstance = target.includes('#');
  const state = await requireStack(projectPaths().stateDir);
  // Services, and the infrastructure the supervisor runs itself (native kafka and mongo): restarting
  // the database is how a workshop shows what survives it.
  const procs = state.processes.filter((p) => p.name === name && (!hasInstance || p.instance === instance));
  if (!procs.length) {
    const known = [...new Set(state.processes.map((p) => p.name))];
    throw usageError(`no process "${target}" in this stack`, `processes: ${known.join(', ')}`);
  }
  const steps = progress(!opts.json && action === 'restart');
  steps.step(`Restarting ${target}`);
  try {
    await control(state, 'POST', `/${action}`, { name, ...(hasInstance ? { instance } : {}) });
  } catch (e) {
    steps.fail();
    throw e;
  }
  steps.done();
  const pids = procs.map((p) => p.pid).filter(Boolean);
  if (opts.json) return printJson({ [action === 'kill' ? 'killed' : 'restarted']: name, instances: procs.map((p) => p.instance), pids });
  process.stdout.write(
    action === 'kill'
      ? `Killed ${target} (pid ${pids.join(', ') || '-'}). The supervisor restarts it; watch with \`platform status\`.\n`
      : `Restarted ${target}; it is healthy.\n`,
  );
}
