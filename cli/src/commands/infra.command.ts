import type { Command } from 'commander';

export function registerInfra(program: Command): void {
  const infra = program.command('infra').description('manage the native infrastructure (Kafka jars, FerretDB build)');
  infra
    .command('install')
    .description('download Kafka from Maven Central and build FerretDB into the cache (idempotent; `up` runs it when needed)')
    .option('--json', 'print what is installed as JSON')
    .action(async (opts) => (await import('../actions/infra.action.js')).infraInstallAction(opts));
}
