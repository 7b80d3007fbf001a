import type { Command } from 'commander';

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description('show the logs of the stack, merged and prefixed per service')
    .argument('[service]', 'only this service (or kafka, mongo, supervisor)')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('-n, --tail <lines>', 'only the last lines of each log (a number, or all)', 'all')
    .option('--since <when>', 'only lines newer than a duration (30s, 5m, 2h) or a date')
    .option('--json', 'one JSON object per line: {source, line}')
    .action(async (service: string | undefined, opts) => (await import('../actions/logs.action.js')).logsAction(service, opts));
}
