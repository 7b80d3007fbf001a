import type { Command } from 'commander';

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('load a dataset into the running database (idempotent: upserts by natural-key _id)')
    .argument('[dataset]', 'a dataset under demos/data/', 'payment-flow')
    .option('--file <path>', 'load this JSON/EJSON file instead: { "<collection>": [ { "_id": ..., ... } ] } (format: docs/datasets.md)')
    .option('--reset', "empty the dataset's collections first")
    .option(
      '--count <n>',
      "generate n synthetic units from the dataset's templates instead (payment-flow: customers with a card, a ledger account and an opening balance)",
    )
    .option('--batch-size <n>', 'documents per write', undefined)
    .option('--mongo-url <url>', 'database URL (default: the running stack)')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      `
Examples:
  platform seed                      # demos/data/payment-flow.json
  platform seed --reset
  platform seed --file demos/data/payment-flow.json
  platform seed --count 1000         # synthetic customers cus_syn_00000000...`,
    )
    .action(async (dataset: string, opts) => (await import('../actions/seed.action.js')).seedAction(dataset, opts));
}
