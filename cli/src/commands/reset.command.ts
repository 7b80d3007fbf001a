import type { Command } from 'commander';

export function registerReset(program: Command): void {
  program
    .command('reset')
    .description(
      'return the running stack to a checkpoint: database reseeded, topics recreated, consumer offsets reset, services restarted',
    )
    .argument('[checkpoint]', 'a checkpoint of demos/checkpoints.yaml', 'clean')
    .option('--list', 'list the checkpoints')
    .option('--json', 'print what was reset as JSON')
    .addHelpText(
      'after',
      `
Examples:
  platform reset              # the "clean" checkpoint: seeded dataset, empty topics
  platform reset --list`,
    )
    .action(async (checkpoint: string, opts) => (await import('../actions/reset.action.js')).resetAction(checkpoint, opts));
}
