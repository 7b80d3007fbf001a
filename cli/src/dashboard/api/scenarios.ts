import { usageError } from '../../errors.js';
import type { Reporter, RunResult } from '../../demo/runner.js';
import type { StepFailure, StepOutcome, StepView } from '../../demo/step-kind.js';
import type { Scenario } from '../../demo/scenario.js';
import type { DashboardContext } from '../context.js';
import type { Request, Routes } from '../router.js';
import { openStream } from '../sse.js';

const plain = (s: string | undefined) => s?.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

/**
 * Presenter mode in the browser: the run waits before each step until the page asks for the next
 * one (or runs through with `auto`), and every event goes to the page over SSE.
 */
class BrowserPresenter implements Reporter {
  readonly events: Record<string, unknown>[] = [];
  private readonly listeners = new Set<(e: Record<string, unknown>) => void>();
  private waiting?: (a: 'run' | 'quit') => void;
  running = true;

  constructor(private readonly auto: boolean) {}

  emit(e: Record<string, unknown>) {
    this.events.push(e);
    for (const fn of this.listeners) fn(e);
  }
  listen(fn: (e: Record<string, unknown>) => void) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  next(a: 'run' | 'quit') {
    const w = this.waiting;
    this.waiting = undefined;
    w?.(a);
    return Boolean(w);
  }

  begin(s: Scenario, total: number) {
    this.emit({ type: 'begin', name: s.name, description: s.description, total });
  }
  before(index: number, total: number, view: StepView) {
    this.emit({ type: 'before', index, total, view, waiting: !this.auto });
    if (this.auto) return Promise.resolve('run' as const);
    return new Promise<'run' | 'quit'>((r) => (this.waiting = r));
  }
  progress(text: string) {
    this.emit({ type: 'progress', text: plain(text) });
  }
  passed(index: number, view: StepView, outcome: StepOutcome, ms: number) {
    this.emit({ type: 'passed', index, title: view.title, summary: plain(outcome.summary), detail: plain(outcome.detail), ms });
  }
  async failed(index: number, view: StepView, error: StepFailure, ms: number) {
    this.emit({ type: 'failed', index, title: view.title, error: plain(error.message), diff: plain(error.diff), ms });
    return 'stop' as const;
  }
  end(result: RunResult) {
    this.running = false;
    this.emit({ type: 'end', result });
  }
}

let current: BrowserPresenter | undefined;

/** Loads and checks a scenario (a demo name or a saved request file), then runs it with the given reporter. */
export async function runScenarioFile(ctx: DashboardContext, nameOrFile: string, reporter: Reporter): Promise<{ run: Promise<RunResult> }> {
  const { resolveScenario, preflight } = await import('../../demo/catalog.js');
  const { loadScenario } = await import('../../demo/load.js');
  const { runScenario, newRunId } = await import('../../demo/runner.js');
  const { StackEnv } = await import('../../demo/stack-env.js');
  const { discoverServices } = await import('../../stack/services.js');
  const { relative } = await import('node:path');
  const file = resolveScenario(ctx.paths.root, nameOrFile);
  const scenario = await loadScenario(file, relative(ctx.paths.root, file));
  await preflight(scenario, ctx.paths.root, discoverServices(ctx.paths.servicesDir));
  return { run: runScenario(scenario, new StackEnv(ctx.paths, newRunId()), reporter) };
}

async function liveScenario({ req, res }: Request) {
  const stream = openStream(req, res);
  const session = current;
  if (!session) stream.send('idle', {});
  else {
    for (const e of session.events) stream.send('step', e);
    const off = session.listen((e) => stream.send('step', e));
    await stream.closed;
    off();
    return;
  }
  await stream.closed;
}

export const scenarioRoutes: Routes = {
  'GET /api/scenarios': async ({ ctx }) => {
    const { listScenarios } = await import('../../demo/catalog.js');
    const { relative } = await import('node:path');
    return listScenarios(ctx.paths.root, (f) => relative(ctx.paths.root, f));
  },
  'POST /api/scenarios/start': async ({ ctx, body }) => {
    const b = await body();
    if (current?.running) throw usageError('a scenario is already running in this dashboard', 'finish it (Next) or stop it first');
    const reporter = new BrowserPresenter(Boolean(b.auto));
    const { run } = await runScenarioFile(ctx, String(b.name ?? ''), reporter);
    current = reporter;
    run.catch((e) => {
      reporter.emit({ type: 'error', error: (e as Error).message });
      reporter.running = false;
    });
    return { started: b.name };
  },
  'POST /api/scenarios/next': () => ({ advanced: current?.next('run') ?? false }),
  'POST /api/scenarios/stop': () => ({ stopped: current?.next('quit') ?? false }),
  'GET /api/live/scenario': liveScenario,
};
