import type { Command } from 'commander';

export function registerDb(program: Command): void {
  program
    .command('db')
    .description('show documents of a collection in the running database (no collection: list collections)')
    .argument('[collection]', 'collection name')
    .argument('[filter]', 'a JSON/EJSON filter, e.g. \'{"status":"captured"}\'')
    .option('-n, --limit <n>', 'at most n documents', '20')
    .option('--sort <json>', 'sort, e.g. \'{"createdAt":-1}\'')
    .option('--mongo-url <url>', 'database URL (default: the running stack)')
    .option('--json', 'print documents as (relaxed EJSON) JSON')
    .action(async (collection: string | undefined, filter: string | undefined, opts) =>
      (await import('../actions/db.action.js')).dbAction(collection, filter, opts),
    );
}
