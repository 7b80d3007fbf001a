import type { Command } from 'commander';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check tools, cache and ports; every problem comes with its fix')
    .option('--json', 'print the checks as JSON')
    .action(async (opts) => (await import('../actions/doctor.action.js')).doctorAction(opts));
}
