import { execa } from 'execa';
import { failedError } from '../errors.js';
import { dashboardLink } from '../stack/dashboard-token.js';
import { projectPaths } from '../stack/project.js';
import type { StackState } from '../stack/state.js';
import { requireStack } from '../stack/live.js';
import { printJson } from '../ui/output.js';

/** `Dashboard: http://127.0.0.1:<port>/?token=...`, or why there is none. */
export function dashboardLine(stateDir: string, state: StackState): string {
  const link = dashboardLink(stateDir, state.dashboard?.url);
  if (link && !state.dashboard?.error) return `Dashboard: ${link}`;
  return `Dashboard: not running (${state.dashboard?.error ?? 'this stack was started without one'})`;
}

export async function dashboardAction(opts: { open?: boolean; json?: boolean }): Promise<void> {
  const paths = projectPaths();
  const state = await requireStack(paths.stateDir);
  const link = dashboardLink(paths.stateDir, state.dashboard?.url);
  if (!link || state.dashboard?.error) {
    throw failedError(
      `the dashboard is not running: ${state.dashboard?.error ?? 'this stack was started without one'}`,
      'free the port (PLATFORM_PORT_OFFSET moves every port), then `platform down && platform up`',
    );
  }
  if (opts.json) return printJson({ url: link });
  process.stdout.write(`Dashboard: ${link}\n`);
  if (!opts.open) return;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const r = await execa(opener, [link], { reject: false, detached: true, stdio: 'ignore', timeout: 10_000 });
  if (r.failed)
    throw failedError(`could not open a browser with ${opener}: ${r.shortMessage ?? r.exitCode}`, 'open the link above in your browser');
}
