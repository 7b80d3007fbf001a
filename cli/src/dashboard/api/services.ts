import { watch } from 'node:fs';
import { parseScalePairs } from '../../input/arguments.js';
import { usageError } from '../../errors.js';
import { discoverServices } from '../../stack/services.js';
import type { StackState } from '../../stack/state.js';
import { control, setDesired } from '../../supervisor/client.js';
import type { DashboardContext } from '../context.js';
import type { Request, Routes } from '../router.js';
import { openStream } from '../sse.js';

const EXTRAS_EVERY_MS = 5000;

/** The state with lag and dead letters of consumers; Kafka being down only leaves those out. */
async function stackView(ctx: DashboardContext, extras: Map<string, unknown> | undefined) {
  // The supervisor's control token stays on the server: the page acts through the routes below.
  const { controlToken: _token, ...state }: StackState = ctx.state();
  const specs = discoverServices(ctx.paths.servicesDir);
  for (const p of state.processes) {
    const e =
      p.kind === 'service' && p.instance === 0 ? (extras?.get(p.name) as { lag: number | null; dlt?: number } | undefined) : undefined;
    if (e) p.extra = { lag: e.lag ?? '-', ...(e.dlt !== undefined ? { dlt: e.dlt } : {}) };
  }
  return {
    ...state,
    services: specs.map((s) => ({
      name: s.name,
      transports: s.transports,
      consumes: s.consumes,
      produces: s.produces,
      tcpPort: s.tcpPort,
      httpPort: s.httpPort,
    })),
  };
}

async function consumerExtrasOf(ctx: DashboardContext) {
  const state = ctx.state();
  if (!state.processes.some((p) => p.kind === 'kafka' && p.state === 'healthy') && state.provider !== 'external') return undefined;
  const { consumerExtras } = await import('../../transports/kafka/consumer-lag.js');
  return consumerExtras(state.kafkaBrokers, discoverServices(ctx.paths.servicesDir), 2000);
}

/** Pushes the stack whenever state.json changes (the supervisor rewrites it on every change), and lag every few seconds. */
async function liveStack({ req, res, ctx }: Request) {
  const stream = openStream(req, res);
  let extras: Map<string, unknown> | undefined;
  let pending: NodeJS.Timeout | undefined;
  const pushSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(
      () =>
        void stackView(ctx, extras).then(
          (v) => stream.send('stack', v),
          (e) => stream.send('down', { error: (e as Error).message }),
        ),
      50,
    );
  };
  const watcher = watch(ctx.paths.stateDir, (_event, file) => {
    if (file === 'state.json') pushSoon();
  });
  let refreshing = false;
  const refresh = async () => {
    if (refreshing) return;
    refreshing = true;
    try {
      extras = await consumerExtrasOf(ctx).catch(() => undefined);
      pushSoon();
    } finally {
      refreshing = false;
    }
  };
  const timer = setInterval(() => void refresh(), EXTRAS_EVERY_MS);
  pushSoon();
  void refresh();
  await stream.closed;
  clearInterval(timer);
  clearTimeout(pending);
  watcher.close();
}

/** A process of this stack (a service instance, kafka or mongo), as the CLI's `kill`/`restart` take it. */
function target(
  body: Record<string, unknown>,
  ctx: DashboardContext,
  kinds = ['service', 'kafka', 'mongo'],
): { name: string; instance?: number } {
  const name = String(body.name ?? '');
  const procs = ctx.state().processes.filter((p) => kinds.includes(p.kind));
  if (!procs.some((p) => p.name === name))
    throw usageError(`no process "${name}" in this stack`, `processes: ${[...new Set(procs.map((p) => p.name))].join(', ')}`);
  const instance = body.instance === undefined || body.instance === null ? undefined : Number(body.instance);
  if (instance !== undefined && !procs.some((p) => p.name === name && p.instance === instance))
    throw usageError(`${name} has no instance ${instance}`);
  return { name, instance };
}

/** The same supervisor operations the CLI's `kill`, `restart` and `scale` call. */
const act =
  (action: 'kill' | 'restart') =>
  async ({ body, ctx }: Request) => {
    const t = target(await body(), ctx);
    await control(ctx.state(), 'POST', `/${action}`, { name: t.name, ...(t.instance !== undefined ? { instance: t.instance } : {}) });
    return { [action === 'kill' ? 'killed' : 'restarted']: t.name, instance: t.instance };
  };

export const serviceRoutes: Routes = {
  'GET /api/stack': async ({ ctx }) => stackView(ctx, await consumerExtrasOf(ctx).catch(() => undefined)),
  'GET /api/live/stack': liveStack,
  'POST /api/services/kill': act('kill'),
  'POST /api/services/restart': act('restart'),
  'POST /api/services/scale': async ({ body, ctx }) => {
    const b = await body();
    const { name } = target(b, ctx, ['service']);
    const [[, count]] = parseScalePairs([`${name}=${b.count}`]);
    await setDesired(ctx.state(), { [name]: count }, { wait: true });
    return { scaled: name, count };
  },
};
