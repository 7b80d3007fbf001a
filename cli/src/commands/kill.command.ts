import type { Command } from 'commander';

/** `kill`: the crash that scenarios and workshops show; `restart` (restart.command.ts) is the clean one. */
export function registerKill(program: Command): void {
  program
    .command('kill')
    .description('kill a service (or native kafka/mongo) as a crash would (SIGKILL); the supervisor restarts it with backoff')
    .argument('<service>', 'service name (or native kafka/mongo); name#1 for instance 1 (all instances without #)')
    .option('--json', 'print the result as JSON')
    .action(async (service: string, opts) => (await import('../actions/kill.action.js')).killAction('kill', service, opts));
}
