import type { Command } from 'commander';

export function registerUp(program: Command): void {
  const up = program
    .command('up')
    .description(
      'start whatever the stack misses: Kafka, the database and the services (all, or the ones named and what they depend on), health-gated; on a running stack it starts what is stopped, failed, scaled to 0 or new',
    );
  withUpOptions(up)
    .option('--watch', "then keep watching: rebuild and restart only what changes under a service's (or packages/*) src/")
    .action(async (services: string[], opts) => (await import('../actions/up.action.js')).upAction(services, opts));

  const dev = program
    .command('dev')
    .description('`platform up --watch`: start the stack, then rebuild and restart each service whose code changes');
  withUpOptions(dev).action(async (services: string[], opts) =>
    (await import('../actions/up.action.js')).upAction(services, { ...opts, watch: true }),
  );
}

function withUpOptions(command: Command): Command {
  return command
    .argument('[services...]', 'services to start (default: every service under services/)')
    .option(
      '--infra <provider>',
      'native (Kafka jars + mongod or mongo-java-server), docker (compose/) or external (default: docker if its engine answers, else native)',
    )
    .option('--mongo-url <url>', 'use this MongoDB instead of starting one (external provider)')
    .option('--kafka-brokers <list>', 'use these Kafka brokers instead of starting one (external provider)')
    .option(
      '--timeout <seconds>',
      'how long to wait for the stack to become healthy before giving up (exit 1, or 3 if Kafka or the database does not answer)',
      '180',
    )
    .option('--keep', 'on a failed start, leave what started running to look at (default: stop it)')
    .option('--json', 'print the final status as JSON (with --watch: then one JSON event per line)')
    .addHelpText(
      'after',
      `
Watching: a change under services/<name>/src rebuilds that service (\`nest build\`) and restarts it alone,
waiting for its health; a change in packages/<lib>/src rebuilds the library and restarts the services
using it. A build error is shown once, with file and line, and the running process keeps serving.
Ctrl-C stops watching and leaves the stack running.

Environment: PLATFORM_CACHE moves the download cache (default ~/.cache/platform); PLATFORM_PORT_OFFSET shifts every port;
PLATFORM_LOG_MAX_MB bounds each process's log (default 64; past it, the log is rotated to <name>.log.1).`,
    );
}
