import { colors } from '../ui/colors.js';
import { formatMs } from './duration.js';
import { renderMarkdown } from './markdown.js';
import type { Reporter, RunResult } from './runner.js';
import type { StepFailure, StepOutcome, StepView } from './step-kind.js';
import type { Scenario } from './scenario.js';

type Write = (s: string) => void;
const stdout: Write = (s) => void process.stdout.write(s);
const counter = (i: number, total: number) => `${String(i + 1).padStart(String(total).length)}/${total}`;
const indent = (s: string, pad = '     ') =>
  s
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');

/** --ci (and no terminal): one line per step, the diff on failure, never waits for anyone. */
export class CiReporter implements Reporter {
  private total = 0;
  constructor(private readonly write: Write = stdout) {}

  begin(s: Scenario, total: number) {
    this.total = total;
    this.write(`${colors.bold(`demo ${s.name}`)}: ${s.description} ${colors.dim(`(${total} steps, ${s.file})`)}\n`);
  }

  async before() {
    return 'run' as const;
  }

  progress(text: string) {
    if (process.env.PLATFORM_DEMO_VERBOSE) this.write(colors.dim(`       ${text}...\n`));
  }

  passed(i: number, view: StepView, outcome: StepOutcome, ms: number) {
    const what = view.markdown ? `${colors.dim('say:')} ${view.title}` : view.title;
    this.write(
      `  ${colors.green('✓')} ${counter(i, this.total)} ${what}${outcome.summary ? colors.dim(` → ${outcome.summary}`) : ''} ${colors.dim(formatMs(ms))}\n`,
    );
    if (outcome.showDetail && outcome.detail) this.write(indent(outcome.detail) + '\n');
  }

  async failed(i: number, view: StepView, error: StepFailure, ms: number, where: string) {
    this.write(`  ${colors.red('✗')} ${counter(i, this.total)} ${view.title} ${colors.dim(`${where} ${formatMs(ms)}`)}\n`);
    if (view.command) this.write(colors.dim(indent(`$ ${view.command}`)) + '\n');
    if (view.check) this.write(indent(`expected ${view.check}`) + '\n');
    this.write(indent(colors.red(error.message)) + '\n');
    if (error.diff) this.write(indent(error.diff, '   ') + '\n');
    return 'stop' as const;
  }

  end(r: RunResult) {
    const count = (st: string) => r.steps.filter((s) => s.status === st).length;
    const failed = count('failed');
    const line = failed
      ? colors.red(`FAILED ${r.scenario}: ${failed} failed, ${count('passed')} passed, ${count('skipped')} skipped`)
      : colors.green(`PASSED ${r.scenario}: ${count('passed')} steps`);
    this.write(`${line} ${colors.dim(`in ${formatMs(r.ms)} (run ${r.runId})`)}\n`);
  }
}

/** --json: nothing while running; the action prints the results at the end. */
export class SilentReporter extends CiReporter {
  constructor() {
    super(() => {});
  }
}

/**
 * Presenter mode: each step announced with its command, run on Enter (or on a timer with --auto),
 * its result shown; on failure the presenter can retry, go on, or quit.
 */
export class PresenterReporter implements Reporter {
  private total = 0;
  constructor(private readonly opts: { autoMs?: number; write?: Write; readKey?: () => Promise<string> } = {}) {}

  private get write() {
    return this.opts.write ?? stdout;
  }

  private rule(label: string) {
    const width = Math.min(process.stdout.columns || 80, 100);
    const text = ` ${label} `;
    return colors.cyan('━━') + colors.bold(text) + colors.cyan('━'.repeat(Math.max(2, width - text.length - 2)));
  }

  begin(s: Scenario, total: number) {
    this.total = total;
    this.write(`\n${colors.bold(colors.cyan(`▶ ${s.name}`))}  ${s.description}\n`);
    this.write(
      colors.dim(
        this.opts.autoMs !== undefined
          ? `  ${total} steps · running on a timer (--auto) · Ctrl-C to stop\n`
          : `  ${total} steps · Enter: next step · q: quit\n`,
      ),
    );
  }

  async before(i: number, total: number, view: StepView) {
    this.write(`\n${this.rule(`${counter(i, total)}  ${view.markdown ? '' : view.title}`.trim())}\n`);
    if (view.markdown) this.write(renderMarkdown(view.markdown) + '\n');
    if (view.holds) this.write(`  ${colors.yellow('⏸')} ${view.title}\n`);
    if (view.command)
      this.write(
        view.command
          .split('\n')
          .map((c) => `  ${colors.dim('$')} ${colors.bold(c)}`)
          .join('\n') + '\n',
      );
    if (view.check) this.write(`  ${colors.dim('expects')} ${view.check}\n`);
    const key = await this.prompt(view.narrative ? 'next' : 'run');
    return key === 'q' ? ('quit' as const) : ('run' as const);
  }

  progress(text: string) {
    this.write(colors.dim(`  … ${text}\n`));
  }

  passed(_i: number, view: StepView, outcome: StepOutcome, ms: number) {
    if (view.narrative) return;
    this.write(
      `  ${colors.green('✓')} ${outcome.detail ? (outcome.short ?? outcome.summary) : outcome.summary} ${colors.dim(formatMs(ms))}\n`,
    );
    if (outcome.detail) this.write(indent(outcome.detail, '    ') + '\n');
  }

  async failed(_i: number, _view: StepView, error: StepFailure, ms: number, where: string) {
    this.write(`  ${colors.red('✗')} ${colors.red(error.message)} ${colors.dim(`${where} ${formatMs(ms)}`)}\n`);
    if (error.diff) this.write(indent(error.diff, '  ') + '\n');
    if (this.opts.autoMs !== undefined) return 'stop' as const;
    const key = await this.prompt('r: retry · Enter: go on · q: quit', true);
    return key === 'r' ? ('retry' as const) : key === 'q' ? ('stop' as const) : ('continue' as const);
  }

  end(r: RunResult) {
    const failed = r.steps.filter((s) => s.status === 'failed').length;
    const passed = r.steps.filter((s) => s.status === 'passed').length;
    this.write(
      '\n' +
        (r.quit
          ? colors.yellow(`Stopped after ${passed} steps.`)
          : failed
            ? colors.red(`${failed} step(s) failed, ${passed} passed.`)
            : colors.green(`All ${passed} steps passed.`)) +
        colors.dim(` ${formatMs(r.ms)}\n`),
    );
  }

  private async prompt(label: string, raw = false): Promise<string> {
    if (this.opts.autoMs !== undefined) {
      await new Promise((res) => setTimeout(res, this.opts.autoMs));
      return '\r';
    }
    this.write(colors.dim(raw ? `  ${label} ` : `  ⏎ ${label} `));
    const key = await (this.opts.readKey ?? readKey)();
    this.write('\r\x1b[2K');
    if (key === '\x03') {
      // Raw mode swallowed Ctrl-C: raise it, so the demo's SIGINT handler puts things back first.
      this.write('\n');
      process.kill(process.pid, 'SIGINT');
      return new Promise<string>(() => {});
    }
    return key.toLowerCase();
  }
}

/** One keypress from the terminal (raw mode), so Enter is enough and nothing echoes. */
export function readKey(): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.once('data', (buf: Buffer) => {
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      resolve(buf.toString('utf8'));
    });
  });
}
