import type { Command } from 'commander';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start Kafka, the database and the services (all, or the ones named and what they depend on), health-gated')
    .argument('[services...]', 'services to start (default: every service under services/)')
    .option('--infra <provider>', 'native (Kafka jars + mongod or mongo-java-server), docker (compose/) or external (default: docker if its engine answers, else native)')
    .option('--mongo-url <url>', 'use this MongoDB instead of starting one (external provider)')
    .option('--kafka-brokers <list>', 'use these Kafka brokers instead of starting one (external provider)')
    .option('--timeout <seconds>', 'how long each service may take to become healthy', '60')
    .option('--json', 'print the final status as JSON')
    .addHelpText('after', '\nEnvironment: PLATFORM_CACHE moves the download cache (default ~/.cache/platform); PLATFORM_PORT_OFFSET shifts every port.')
    .action(async (services: string[], opts) => (await import('../actions/up.action.js')).upAction(services, opts));
}
