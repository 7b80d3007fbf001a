import type { Command } from 'commander';

export function registerInfra(program: Command): void {
  const infra = program.command('infra').description('manage the native infrastructure (Kafka jars, database launcher)');
  infra
    .command('install')
    .description(
      'resolve Kafka and mongo-java-server from Maven Central and build the database launcher into the cache (idempotent; `up` runs it when needed)',
    )
    .option('--json', 'print what is installed as JSON')
    .action(async (opts) => (await import('../actions/infra.action.js')).infraInstallAction(opts));
}
