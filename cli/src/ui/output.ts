import Table from 'cli-table3';
import { colors } from './colors.js';
import { truncate } from './text.js';

export const isTerminal = () => Boolean(process.stdout.isTTY);

/** Pretty JSON on a terminal, compact when piped (what scripts and jq want). */
export function printJson(value: unknown, pretty = isTerminal()): void {
  process.stdout.write(JSON.stringify(value, null, pretty ? 2 : undefined) + '\n');
}

export function renderTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head: head.map((h) => colors.bold(h)),
    style: { head: [], border: [] },
    chars: isTerminal()
      ? undefined
      : {
          top: '',
          'top-mid': '',
          'top-left': '',
          'top-right': '',
          bottom: '',
          'bottom-mid': '',
          'bottom-left': '',
          'bottom-right': '',
          left: '',
          'left-mid': '',
          mid: '',
          'mid-mid': '',
          right: '',
          'right-mid': '',
          middle: '  ',
        },
  });
  for (const r of rows) table.push(r.map(String));
  return table.toString();
}

export function printTable(head: string[], rows: (string | number)[][]): void {
  process.stdout.write(renderTable(head, rows) + '\n');
}

/**
 * Progress for anything that takes more than a second: a live line on a terminal,
 * plain "step... done" lines otherwise (logs stay readable in CI).
 */
export function progress(enabled = true) {
  const tty = Boolean(process.stderr.isTTY);
  let current: string | undefined;
  let startedAt = 0;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    if (!current) return;
    const secs = ((Date.now() - startedAt) / 1000).toFixed(1);
    // A line wider than the terminal wraps, and the next redraw would clear only its last row.
    const text = truncate(current, (process.stderr.columns || 80) - secs.length - 4);
    process.stderr.write(`\r\x1b[2K${colors.cyan(frames[frame++ % frames.length])} ${text} ${colors.dim(secs + 's')}`);
  };
  return {
    step(text: string) {
      if (!enabled) return;
      this.done();
      current = text;
      startedAt = Date.now();
      if (tty) {
        draw();
        timer = setInterval(draw, 100);
      } else process.stderr.write(`${text}...\n`);
    },
    update(text: string) {
      if (!enabled) return;
      current = text;
      if (tty) draw();
    },
    done(note?: string) {
      if (!enabled || !current) return;
      if (timer) clearInterval(timer);
      timer = undefined;
      const secs = ((Date.now() - startedAt) / 1000).toFixed(1);
      if (tty)
        process.stderr.write(`\r\x1b[2K${colors.green('✓')} ${current}${note ? ' ' + colors.dim(note) : ''} ${colors.dim(secs + 's')}\n`);
      // Without a terminal the elapsed time is still worth a line: first runs build for minutes.
      else if (Date.now() - startedAt >= 1000) process.stderr.write(`${current}: done in ${secs}s${note ? ` ${note}` : ''}\n`);
      current = undefined;
    },
    fail() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (tty && current) process.stderr.write(`\r\x1b[2K${colors.red('✗')} ${current}\n`);
      current = undefined;
    },
  };
}
