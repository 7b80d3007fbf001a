import { existsSync, statSync, watch } from 'node:fs';
import { dirname } from 'node:path';
import { usageError } from '../../errors.js';
import type { SpanStore } from '../../telemetry/index.js';
import type { DashboardContext } from '../context.js';
import type { Request, Routes } from '../router.js';
import { openStream } from '../sse.js';

const RECENT = 50;

/**
 * The stack's span store (issue 12): the receiver's own, live, when the dashboard runs beside it in
 * the supervisor; otherwise read from its file, and re-read only when the file changed.
 */
let cached: { key: string; store: SpanStore } | undefined;
async function spanStore(ctx: DashboardContext): Promise<SpanStore> {
  if (ctx.spans) return ctx.spans;
  const { openSpanStore, spansFile } = await import('../../telemetry/index.js');
  const file = spansFile(ctx.paths.stateDir);
  const key = existsSync(file) ? `${statSync(file).size}:${statSync(file).mtimeMs}` : 'none';
  if (cached?.key !== key) cached = { key, store: openSpanStore(ctx.paths.stateDir) };
  return cached.store;
}

/** A trace by trace id or by correlation id (its newest trace): summary, spans and waterfall rows. */
async function trace({ ctx, params }: Request) {
  const { summarize, waterfallRows, operationOf } = await import('../../telemetry/index.js');
  const spans = (await spanStore(ctx)).find(params.id);
  if (!spans.length)
    throw usageError(
      `no trace with id or correlation id "${params.id}" yet`,
      'spans arrive a moment after the request; this page updates when they do',
    );
  return { summary: summarize(spans), rows: waterfallRows(spans).map((r) => ({ ...r, operation: operationOf(r.span) })) };
}

/**
 * Recent traces, pushed again when spans arrive (services export in batches), at most every 300 ms:
 * a throttle, not a debounce, which under steady traffic (a batch every ~125 ms) would never fire.
 */
async function liveTraces({ req, res, ctx }: Request) {
  const stream = openStream(req, res);
  let pending: NodeJS.Timeout | undefined;
  const push = () =>
    void spanStore(ctx).then(
      (s) => stream.send('traces', s.recent(RECENT)),
      (e) => stream.send('failed', { error: (e as Error).message }),
    );
  const soon = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      push();
    }, 300);
  };
  push();
  if (ctx.spans) {
    const unsubscribe = ctx.spans.onAdd(soon);
    await stream.closed;
    unsubscribe();
    clearTimeout(pending);
    return;
  }
  const { spansFile } = await import('../../telemetry/index.js');
  const dir = dirname(spansFile(ctx.paths.stateDir));
  let watcher: ReturnType<typeof watch> | undefined;
  // The folder appears with the first span; until then a slow check finds it.
  const attach = () => {
    if (watcher || !existsSync(dir)) return;
    watcher = watch(dir, soon);
    soon();
  };
  const timer = setInterval(attach, 2000);
  attach();
  await stream.closed;
  clearInterval(timer);
  clearTimeout(pending);
  watcher?.close();
}

export const traceRoutes: Routes = {
  'GET /api/traces/:id': trace,
  'GET /api/live/traces': liveTraces,
};
