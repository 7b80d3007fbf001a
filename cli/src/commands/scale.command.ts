import type { Command } from 'commander';

export function registerScale(program: Command): void {
  program
    .command('scale')
    .description('run n instances of a service (Kafka consumers share their group; instance n listens on its ports + 100*n)')
    .argument('<service=n...>', 'one or more service=count pairs, e.g. notifications=2')
    .option('--json', 'print the stack status as JSON afterwards')
    .addHelpText(
      'after',
      `
Examples:
  platform scale notifications=2
  platform scale notifications=1 ledger=2`,
    )
    .action(async (pairs: string[], opts) => (await import('../actions/scale.action.js')).scaleAction(pairs, opts));
}
