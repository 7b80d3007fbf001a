import { randomBytes } from 'node:crypto';
import { toMs } from './duration.js';
import { interpolate, getPath, MissingVariableError } from './interpolate.js';
import { runStep } from './run-step.js';
import { StepFailure, type StepOutcome, type StepView } from './step-kind.js';
import { STEPS } from './steps/index.js';
import type { StackEnv } from './stack-env.js';
import { viewStep } from './step-view.js';
import type { Scenario, Step } from './scenario.js';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepRecord {
  index: number;
  line: number;
  action: string;
  title: string;
  status: StepStatus;
  ms: number;
  summary?: string;
  error?: string;
  diff?: string;
}

export interface RunResult {
  scenario: string;
  file: string;
  description: string;
  runId: string;
  passed: boolean;
  ms: number;
  steps: StepRecord[];
  /** Set when the presenter quit before the end. */
  quit?: boolean;
}

/** How a run is shown: presenter mode on a terminal, CI lines, or nothing (JSON at the end). */
export interface Reporter {
  begin(s: Scenario, total: number): void;
  /** Called before each step; the presenter waits for Enter here. */
  before(index: number, total: number, view: StepView): Promise<'run' | 'quit'>;
  progress(text: string): void;
  passed(index: number, view: StepView, outcome: StepOutcome, ms: number): void;
  /** After a failure: CI stops; the presenter may retry the step or go on. */
  failed(index: number, view: StepView, error: StepFailure, ms: number, line: string): Promise<'retry' | 'continue' | 'stop'>;
  end(result: RunResult): void;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

export async function runScenario(
  scenario: Scenario,
  env: StackEnv,
  reporter: Reporter,
  opts: { skipCheckpoint?: boolean } = {},
): Promise<RunResult> {
  const started = Date.now();
  const steps: { step: Step; line: number }[] = scenario.steps.map((step, i) => ({ step, line: scenario.stepLines[i] }));
  if (scenario.checkpoint && !opts.skipCheckpoint) {
    // Start from the checkpoint, after any leading `up` (a reset needs a running stack).
    const at = steps.findIndex((s) => s.step.kind !== 'up' && s.step.kind !== 'say');
    steps.splice(at < 0 ? steps.length : at, 0, {
      step: { kind: 'reset', reset: scenario.checkpoint, title: `start from checkpoint ${scenario.checkpoint}` },
      line: 1,
    });
  }
  const vars: Record<string, unknown> = {
    runId: env.runId,
    scenario: scenario.name,
    gatewayUrl: await env.gatewayUrl().catch(() => undefined),
  };
  const result: RunResult = {
    scenario: scenario.name,
    file: scenario.file,
    description: scenario.description,
    runId: env.runId,
    passed: true,
    ms: 0,
    steps: [],
  };
  const withinMs = toMs(scenario.within, 10_000);
  const kafkaTopics = (): string[] =>
    scenario.steps.flatMap((s) => {
      try {
        return s.kind === 'expect' && s.expect.kafka ? [String(interpolate(s.expect.kafka.topic, vars))] : [];
      } catch {
        return [];
      }
    });

  reporter.begin(scenario, steps.length);
  let stopped = false;
  try {
    Object.assign(vars, interpolate(scenario.vars ?? {}, vars));
    for (let i = 0; i < steps.length; i++) {
      const { step: raw, line } = steps[i];
      const action = raw.kind;
      if (stopped) {
        result.steps.push({ index: i, line, action, title: safeTitle(raw), status: 'skipped', ms: 0 });
        continue;
      }
      let step: Step;
      let view: StepView;
      try {
        step = interpolate({ ...raw, capture: undefined }, vars);
        view = viewStep(step, vars.gatewayUrl as string | undefined);
      } catch (e) {
        step = raw;
        view = { action, title: safeTitle(raw) };
        const failure = e instanceof MissingVariableError ? new StepFailure(e.message) : e;
        if (!(failure instanceof StepFailure)) throw failure;
        await reporter.failed(i, view, failure, 0, `${scenario.file}:${line}`);
        result.steps.push({ index: i, line, action, title: view.title, status: 'failed', ms: 0, error: failure.message });
        result.passed = false;
        stopped = true;
        continue;
      }
      if ((await reporter.before(i, steps.length, view)) === 'quit') {
        result.quit = true;
        result.passed = false;
        stopped = true;
        result.steps.push({ index: i, line, action, title: view.title, status: 'skipped', ms: 0 });
        continue;
      }
      for (;;) {
        const t0 = Date.now();
        try {
          if (STEPS[action].touchesStack && !env.watch.watching.length && kafkaTopics().length) {
            reporter.progress('watching Kafka topics');
            await env.watch.start(kafkaTopics());
          }
          const outcome = await runStep(step, { env, withinMs, progress: (t) => reporter.progress(t) });
          for (const [name, path] of Object.entries(raw.capture ?? {})) {
            const v = getPath(outcome.data, path);
            if (v === undefined)
              throw new StepFailure(`capture ${name}: "${path}" is not in this step's result`, describeShape(outcome.data));
            vars[name] = v;
          }
          const ms = Date.now() - t0;
          reporter.passed(i, view, outcome, ms);
          result.steps.push({ index: i, line, action, title: view.title, status: 'passed', ms, summary: outcome.summary });
          break;
        } catch (e) {
          const ms = Date.now() - t0;
          const failure = e instanceof StepFailure ? e : new StepFailure((e as Error).message ?? String(e));
          const next = await reporter.failed(i, view, failure, ms, `${scenario.file}:${line}`);
          if (next === 'retry') continue;
          result.steps.push({
            index: i,
            line,
            action,
            title: view.title,
            status: 'failed',
            ms,
            error: failure.message,
            diff: failure.diff,
          });
          result.passed = false;
          if (next === 'stop') stopped = true;
          break;
        }
      }
    }
  } finally {
    await env.close();
  }
  result.ms = Date.now() - started;
  reporter.end(result);
  return result;
}

function describeShape(data: unknown): string {
  const s = JSON.stringify(data, null, 2) ?? 'nothing';
  const lines = s.split('\n');
  return `  the result was:\n${lines
    .slice(0, 20)
    .map((l) => `    ${l}`)
    .join('\n')}${lines.length > 20 ? '\n    ...' : ''}`;
}

/** A title for a step that will not run: its view with variables left as they are written. */
function safeTitle(step: Step): string {
  try {
    return viewStep(step).title;
  } catch {
    return step.title ?? step.kind;
  }
}
