import type { Command } from 'commander';

export function registerPatterns(program: Command): void {
  program
    .command('patterns')
    .description('list the message and event patterns a service handles, with their payload schemas')
    .argument('<service>', 'service name or host:port')
    .argument('[pattern]', 'only this pattern (string or JSON object pattern)')
    .option('--example', 'print a valid sample payload for the pattern (from its example, else its schema)')
    .option('--schema', 'print the JSON schema of each pattern')
    .option('--timeout <ms>', 'how long to wait for the service', '5000')
    .option('--static', "read the patterns from the service's source instead of asking the running process")
    .option('--json', 'print the description as JSON')
    .action(async (service: string, pattern: string | undefined, opts) =>
      (await import('../actions/patterns.action.js')).patternsAction(service, pattern, opts),
    );
}
