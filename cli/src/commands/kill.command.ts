import type { Command } from 'commander';

/** `kill` and `restart`: the crash and the clean restart that scenarios and workshops show. */
export function registerKill(program: Command): void {
  program
    .command('kill')
    .description('kill a service (or native kafka/mongo) as a crash would (SIGKILL); the supervisor restarts it with backoff')
    .argument('<service>', 'service name (or native kafka/mongo); name#1 for instance 1 (all instances without #)')
    .option('--json', 'print the result as JSON')
    .action(async (service: string, opts) => (await import('../actions/kill.action.js')).killAction('kill', service, opts));
  program
    .command('restart')
    .description('stop a service (or native kafka/mongo) cleanly and start it again, waiting until it is healthy; a service scaled to 0 gets one instance')
    .argument('<service>', 'service name (or native kafka/mongo); name#1 for instance 1 (all instances without #)')
    .option('--json', 'print the result as JSON')
    .action(async (service: string, opts) => (await import('../actions/kill.action.js')).killAction('restart', service, opts));
}
