import type { Command } from 'commander';

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('show a trace as a waterfall (by trace id or correlation id), or the most recent traces')
    .argument('[id]', 'a trace id (32 hex digits) or a correlation id')
    .option('--last [n]', 'list the n most recent traces, one line each (default 10)')
    .option('--json', 'print the spans (or the trace list) as JSON')
    .action(async (id: string | undefined, opts) => (await import('../actions/trace.action.js')).traceAction(id, opts));
}
