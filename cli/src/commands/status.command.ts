import type { Command } from 'commander';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show every process of the running stack: address, pid, state, restarts')
    .option('--json', 'print the status as JSON')
    .action(async (opts) => (await import('../actions/status.action.js')).statusAction(opts));
}
