import type { ProcessStatus, StackState } from '../stack/state.js';
import { colors } from './colors.js';
import { renderTable } from './output.js';

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

export function renderStack(state: StackState): string {
  const rows = state.processes.map((p: ProcessStatus) => [
    p.instance ? `${p.name} #${p.instance}` : p.name,
    p.kind,
    p.address,
    p.pid ?? '-',
    (stateColor[p.state] ?? String)(p.state) + (p.detail && p.state !== 'healthy' ? colors.dim(` (${p.detail})`) : ''),
    p.restarts,
    formatExtra(p.extra),
  ]);
  const head = ['name', 'kind', 'address', 'pid', 'state', 'restarts', 'kafka'];
  const showExtra = state.processes.some((p) => p.extra);
  const table = renderTable(showExtra ? head : head.slice(0, -1), showExtra ? rows : rows.map((r) => r.slice(0, -1)));
  const since = state.readyAt ? `ready since ${state.readyAt}` : state.phase;
  return `${table}\n${colors.dim(`provider ${state.provider} · kafka ${state.kafkaBrokers.join(',')} · mongo ${state.mongoUrl} · ${since}`)}`;
}

function formatExtra(extra: Record<string, unknown> | undefined): string {
  if (!extra) return '';
  return Object.entries(extra).map(([k, v]) => `${k} ${v}`).join(', ');
}
