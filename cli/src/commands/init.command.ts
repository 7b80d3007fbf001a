import type { Command } from 'commander';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('adopt an existing NestJS repository: find its apps, read how they run, write platform.yaml')
    .option('--yes', 'write platform.yaml without asking (the default off a terminal is to refuse)')
    .option('--dir <path>', 'the repository root (default: the current folder)')
    .option('--json', 'print the declarations and notes as JSON')
    .action(async (opts) => (await import('../actions/init.action.js')).initAction(opts));
}
