import type { ProcessStatus, StackState } from '../stack/state.js';
import { colors } from './colors.js';
import { renderTable } from './output.js';
import { truncate } from './text.js';

const stateColor: Record<string, (s: string) => string> = {
  healthy: colors.green,
  starting: colors.yellow,
  restarting: colors.yellow,
  pending: colors.dim,
  unhealthy: colors.red,
  crashed: colors.red,
  failed: colors.red,
  stopped: colors.dim,
};

const REASON_WIDTH = 100;

/** The status table: one row per process, with the reason for anything not healthy (`--json` has it in full). */
export function renderStack(state: StackState): string {
  const showExtra = state.processes.some((p) => p.extra);
  const showReason = state.processes.some((p) => p.state !== 'healthy' && p.detail);
  const rows = state.processes.map((p: ProcessStatus) => [
    p.instance ? `${p.name} #${p.instance}` : p.name,
    p.kind,
    p.address,
    p.pid ?? '-',
    (stateColor[p.state] ?? String)(p.state),
    p.restarts,
    ...(showReason ? [p.state !== 'healthy' && p.detail ? colors.dim(truncate(p.detail, REASON_WIDTH)) : ''] : []),
    ...(showExtra ? [formatExtra(p.extra)] : []),
  ]);
  const head = ['name', 'kind', 'address', 'pid', 'state', 'restarts', ...(showReason ? ['reason'] : []), ...(showExtra ? ['kafka'] : [])];
  const since = state.readyAt ? `ready since ${state.readyAt}` : state.phase;
  return `${renderTable(head, rows)}\n${colors.dim(`provider ${state.provider} · kafka ${state.kafkaBrokers.join(',')} · mongo ${state.mongoUrl} · ${since}`)}`;
}

function formatExtra(extra: Record<string, unknown> | undefined): string {
  if (!extra) return '';
  return Object.entries(extra)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
