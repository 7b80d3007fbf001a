import type { Command } from 'commander';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start whatever the stack misses: Kafka, the database and the services (all, or the ones named and what they depend on), health-gated; on a running stack it starts what is stopped, failed, scaled to 0 or new')
    .argument('[services...]', 'services to start (default: every service under services/)')
    .option('--infra <provider>', 'native (Kafka jars + mongod or mongo-java-server), docker (compose/) or external (default: docker if its engine answers, else native)')
    .option('--mongo-url <url>', 'use this MongoDB instead of starting one (external provider)')
    .option('--kafka-brokers <list>', 'use these Kafka brokers instead of starting one (external provider)')
    .option('--timeout <seconds>', 'how long to wait for the stack to become healthy before giving up (exit 1, or 3 if Kafka or the database does not answer)', '180')
    .option('--keep', 'on a failed start, leave what started running to look at (default: stop it)')
    .option('--json', 'print the final status as JSON')
    .addHelpText('after', '\nEnvironment: PLATFORM_CACHE moves the download cache (default ~/.cache/platform); PLATFORM_PORT_OFFSET shifts every port.')
    .action(async (services: string[], opts) => (await import('../actions/up.action.js')).upAction(services, opts));
}
