import type { Command } from 'commander';

/** `restart`: a clean stop and start; it shares its action with `kill`, which differs only in the signal. */
export function registerRestart(program: Command): void {
  program
    .command('restart')
    .description(
      'stop a service (or native kafka/mongo) cleanly and start it again, waiting until it is healthy; a service scaled to 0 gets one instance',
    )
    .argument('<service>', 'service name (or native kafka/mongo); name#1 for instance 1 (all instances without #)')
    .option('--json', 'print the result as JSON')
    .action(async (service: string, opts) => (await import('../actions/kill.action.js')).killAction('restart', service, opts));
}
