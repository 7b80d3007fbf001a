import { relative } from 'node:path';
import { failedError, usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { liveState, requireStack } from '../stack/live.js';
import { setDesired } from '../supervisor/client.js';
import { colors } from '../ui/colors.js';
import { printJson, printTable } from '../ui/output.js';
import { listScenarios, preflight, resolveScenario, scenarioFiles } from '../demo/catalog.js';
import { assertWritable, writeJunit } from '../demo/junit.js';
import { loadScenario } from '../demo/load.js';
import { CiReporter, PresenterReporter, SilentReporter } from '../demo/reporters.js';
import { newRunId, runScenario, type Reporter, type RunResult } from '../demo/runner.js';
import { StackEnv } from '../demo/stack-env.js';
import type { Scenario } from '../demo/scenario.js';

export interface DemoOptions {
  list?: boolean;
  ci?: boolean;
  auto?: boolean | string;
  all?: boolean;
  junit?: string;
  checkpoint?: boolean;
  json?: boolean;
}

export async function demoAction(name: string | undefined, opts: DemoOptions): Promise<void> {
  const paths = projectPaths();
  const display = (f: string) => relative(process.cwd(), f) || f;
  if (opts.list) {
    const all = await listScenarios(paths.root, display);
    if (opts.json) return printJson(all);
    if (!all.length) return void process.stdout.write('No scenario under demos/ yet.\n');
    printTable(
      ['scenario', 'steps', 'description'],
      all.map((s) => [s.name, s.error ? '-' : s.steps, s.error ? colors.red(`invalid: ${s.error}`) : s.description]),
    );
    return void process.stdout.write(colors.dim('Run one with `platform demo <scenario>` (add --ci in pipelines).\n'));
  }
  if (name && opts.all) throw usageError('pass a scenario name or --all, not both');
  if (opts.auto !== undefined && (opts.ci || opts.json))
    throw usageError('--auto is presenter mode; it cannot be combined with --ci or --json');
  const autoMs = parseAuto(opts.auto);
  if (opts.junit) assertWritable(opts.junit);

  // Every file is validated (and checked against the project) before any step of any of them runs.
  const files = opts.all ? scenarioFiles(paths.root) : name ? [resolveScenario(paths.root, name)] : undefined;
  if (!files) throw usageError('which scenario?', 'name one (see `platform demo --list`), or run them all with `platform demo --all --ci`');
  if (!files.length) throw usageError('there is no scenario under demos/');
  const scenarios: Scenario[] = [];
  const { discoverServices } = await import('../stack/services.js');
  const services = discoverServices(paths.servicesDir);
  for (const file of files) {
    const s = await loadScenario(file, display(file));
    await preflight(s, paths.root, services);
    scenarios.push(s);
  }

  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const presenter = !opts.ci && !opts.json && !opts.all && (autoMs !== undefined || interactive);
  if (!presenter && !opts.ci && !opts.json && !opts.all) process.stderr.write(colors.dim('No terminal: running as --ci (no pauses).\n'));
  const reporter: Reporter = opts.json ? new SilentReporter() : presenter ? new PresenterReporter({ autoMs }) : new CiReporter();

  const restore = await restoreOnInterrupt(paths.stateDir);
  const results: RunResult[] = [];
  for (const s of scenarios) {
    // A stack is needed unless the scenario starts (or stops) it itself.
    const firstActing = s.steps.find((st) => st.kind !== 'say' && st.kind !== 'pause');
    if (firstActing && firstActing.kind !== 'up' && firstActing.kind !== 'down') await requireStack(paths.stateDir);
    const env = new StackEnv(paths, newRunId());
    const result = await runScenario(s, env, reporter, { skipCheckpoint: opts.checkpoint === false });
    results.push(result);
    if (!presenter && !opts.json && scenarios.length > 1) process.stdout.write('\n');
    if (result.quit) break;
  }
  process.off('SIGINT', restore.onSigint);
  if (results.some((r) => r.quit)) await restore();

  if (opts.junit) writeJunit(opts.junit, results);
  if (opts.json) printJson(results.length === 1 && !opts.all ? results[0] : results);
  const failed = results.filter((r) => !r.passed && !r.quit);
  if (failed.length) {
    const where = failed.map((r) => {
      const step = r.steps.find((st) => st.status === 'failed');
      return step ? `${r.scenario} failed at step ${step.index + 1} "${step.title}" (${r.file}:${step.line})` : `${r.scenario} failed`;
    });
    throw failedError(`scenario ${where.join('; scenario ')}`, opts.junit ? `details in ${opts.junit}` : undefined);
  }
}

/**
 * A demo stopped half-way (Ctrl-C, or q) puts back the instance counts it found, so a checkpoint
 * or `scale` step cut short does not leave services stopped. Data is not rolled back.
 */
async function restoreOnInterrupt(stateDir: string): Promise<(() => Promise<void>) & { onSigint: () => void }> {
  const found = (await liveState(stateDir))?.desired;
  const restore = async () => {
    const now = await liveState(stateDir);
    if (!found || !now || Object.entries(found).every(([n, c]) => now.desired[n] === c)) return;
    process.stderr.write(
      colors.dim('Putting back the instance counts the demo found (data is left as it is; `platform reset` resets it).\n'),
    );
    await setDesired(now, found).catch(() => {});
  };
  const onSigint = () => void restore().finally(() => process.exit(130));
  process.once('SIGINT', onSigint);
  return Object.assign(restore, { onSigint });
}

function parseAuto(auto: boolean | string | undefined): number | undefined {
  if (auto === undefined || auto === false) return undefined;
  if (auto === true) return 2000;
  const secs = Number(auto);
  if (!Number.isFinite(secs) || secs < 0) throw usageError(`--auto takes a number of seconds, got "${auto}"`);
  return secs * 1000;
}
