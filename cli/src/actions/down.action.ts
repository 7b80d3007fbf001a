import { readFileSync, rmSync } from 'node:fs';
import { projectPaths } from '../stack/project.js';
import { clearState, isAlive, readState, type StackState } from '../stack/state.js';
import { stopStack } from '../supervisor/client.js';
import { providerByName } from '../infra/providers.js';
import { printJson } from '../ui/output.js';

export async function downAction(opts: { volumes?: boolean; json?: boolean }): Promise<void> {
  const { paths, result } = await bringDown(opts);
  if (opts.json) return printJson(result);
  process.stderr.write(`${stoppedLine(result)}\n`);
  if (opts.volumes) process.stderr.write(`Deleted data in ${paths.dataDir}.\n`);
}

export const stoppedLine = (r: { stopped: boolean; processes: number }) =>
  r.stopped ? `Stopped ${r.processes} process${r.processes === 1 ? '' : 'es'}.` : 'Nothing is running.';

/** What `down` does, without printing: stops the stack (and deletes its data with volumes); says what it stopped. */
export async function bringDown(opts: { volumes?: boolean }) {
  const paths = projectPaths();
  const state = readState(paths.stateDir);
  let stopped = 0;
  if (state) {
    stopped = state.processes.filter((p) => p.pid && isAlive(p.pid)).length;
    if (isAlive(state.supervisorPid)) {
      await stopStack(state).catch(() => {});
      await waitGone(state.supervisorPid, 45_000);
    }
    // Anything the supervisor could not stop (or a supervisor killed with -9) is stopped by pid.
    await stopStrays(state);
    if (state.provider === 'docker') await providerByName(paths, 'docker').stop?.(Boolean(opts.volumes));
    clearState(paths.stateDir);
  }
  if (opts.volumes) rmSync(paths.dataDir, { recursive: true, force: true });
  return { paths, result: { stopped: Boolean(state), processes: stopped, volumesDeleted: Boolean(opts.volumes) } };
}

/** What our processes look like on the command line; guards against killing a reused pid. */
const OURS = [/kafka\.Kafka/, /dev\.platform\.mongo\.Main/, /mongod/, /dist\/main\.js/, /supervisor\/main\.js/];

function isOurs(pid: number): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return OURS.some((re) => re.test(cmd));
  } catch {
    return process.platform !== 'linux';
  }
}

/** Stops the processes a state file names that are still alive; returns how many it stopped. */
export async function stopStrays(state: StackState): Promise<number> {
  const pids = [state.supervisorPid, ...state.processes.map((p) => p.pid)].filter(
    (p): p is number => Boolean(p) && isAlive(p) && isOurs(p!),
  );
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  await Promise.all(pids.map((pid) => waitGone(pid, 10_000)));
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  await Promise.all(pids.map((pid) => waitGone(pid, 5_000)));
  return pids.length;
}

export async function waitGone(pid: number, ms: number) {
  const end = Date.now() + ms;
  while (isAlive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}
