import type { Command } from 'commander';

export function registerDown(program: Command): void {
  program
    .command('down')
    .description('stop everything `platform up` started')
    .option('--volumes', 'also delete the data of Kafka and the database (.platform/data)')
    .option('--json', 'print what was stopped as JSON')
    .action(async (opts) => (await import('../actions/down.action.js')).downAction(opts));
}
