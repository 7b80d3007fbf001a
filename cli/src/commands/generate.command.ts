import type { Command } from 'commander';

export function registerGenerate(program: Command): void {
  const generate = program
    .command('generate')
    .alias('g')
    .description('scaffold a NestJS service (or a handler in one) that builds, tests green and runs under `platform up`');

  generate
    .command('service')
    .alias('s')
    .description('create services/<name> from templates/: TCP, Kafka or both, optional HTTP and MongoDB; part of the stack at once')
    .argument('[name]', 'kebab-case service name (asked when missing on a terminal)')
    .option('--transport <transport>', 'tcp (request/reply), kafka (events) or hybrid (both)')
    .option('--http', 'add an HTTP listener')
    .option('--no-http', 'no HTTP listener (do not ask)')
    .option('--http-port <port>', 'HTTP port (default: next free from 3000; implies --http)')
    .option('--mongo <collection>', 'store data in MongoDB: a mongoose schema and repository for <collection>')
    .option('--no-mongo', 'no MongoDB (do not ask)')
    .option('--port <port>', 'TCP port (default: next free from 4000)')
    .option('--consumes <topic>', 'Kafka topic it consumes (default <name>.commands)')
    .option('--produces <topic>', 'Kafka topic it produces (default <name>.events)')
    .option('-y, --yes', 'accept defaults for everything not given; never ask')
    .option('--dry-run', 'print the files it would write, write nothing')
    .option('--no-install', 'skip `npm install` at the project root')
    .option('--no-build', 'skip building the new service')
    .option('--json', 'print the result as JSON (never asks)')
    .addHelpText(
      'after',
      `
Asks for what is missing only on a terminal (never in CI or when piped); every question has its flag.
Examples:
  platform g service orders --transport hybrid --mongo orders --http
  platform g service audit --transport kafka --consumes payments.events --yes`,
    )
    .action(async (name: string | undefined, opts) => (await import('../actions/generate.action.js')).generateServiceAction(name, opts));

  generate
    .command('handler')
    .alias('h')
    .description(
      'add a message handler (or an event handler with --event, over Kafka with --kafka), its DTO and test to an existing service: `nest g controller` + `nest g class`, filled in',
    )
    .argument('<service>', 'a service under services/')
    .argument('<pattern>', 'e.g. orders.cancel (a pattern without a dot gets the service name as prefix); with --kafka, the topic')
    .option('--event', 'an event handler (@EventPattern, fire-and-forget) instead of a message handler')
    .option(
      '--kafka',
      'with --event: consume a Kafka topic (nest-kit consumer: retries, then <topic>.dlt); declares the topic in package.json',
    )
    .option('--dry-run', 'print the files it would write, write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  platform g handler orders cancel
  platform g handler orders audit.recorded --event
  platform g handler orders payments.events --event --kafka`,
    )
    .action(async (service: string, pattern: string, opts) =>
      (await import('../actions/generate-handler.action.js')).generateHandlerAction(service, pattern, opts),
    );

  generate
    .command('resource')
    .alias('res')
    .description(
      'add a CRUD resource to an existing service: `nest g resource` (module, controller, service, DTOs, specs), made to type-check, with create/findAll/findOne/update/remove working',
    )
    .argument('<service>', 'a service under services/')
    .argument('<name>', 'kebab-case plural, e.g. invoices: the folder src/<name>/ and the patterns <service>.<name>.create, ...')
    .option('--type <type>', 'microservice (TCP message patterns, the default) or rest (HTTP routes; the service needs an HTTP listener)')
    .option(
      '--mongo',
      'store it in MongoDB: a mongoose schema and model (nest-kit DatabaseModule), ids are ObjectIds; without it, kept in memory',
    )
    .option('--no-install', 'skip `npm install` when the resource adds dependencies')
    .option('--dry-run', 'print the files it would write, write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  platform g resource orders invoices --mongo
  platform g resource orders drafts
  platform g resource orders receipts --type rest`,
    )
    .action(async (service: string, name: string, opts) =>
      (await import('../actions/generate-resource.action.js')).generateResourceAction(service, name, opts),
    );
}
