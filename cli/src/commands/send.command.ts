import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerSend(program: Command): void {
  const send = program
    .command('send')
    .description('send a TCP message/event to a service, produce Kafka messages, or run a saved request (@requests/<name>.yaml)')
    .argument('[request]', 'a saved request: @requests/<name>.yaml (see --save, and the dashboard)')
    .option('--json', 'print the run as JSON')
    .action(async (request: string | undefined, opts) => (await import('../actions/send-saved.action.js')).sendSavedAction(request, opts));
  send
    .command('tcp')
    .description('send a NestJS TCP message (or --event) to a service and print the reply')
    .argument('<service>', 'service name (from the running stack; name#1 for instance 1) or host:port')
    .argument('[pattern]', 'message pattern: a string, or a JSON object pattern like \'{"cmd":"sum"}\'')
    .argument('[data]', 'payload: JSON text, @file.json, or - for stdin (piped stdin is read when omitted; default {})')
    .option('--event', 'emit an event (no reply expected) instead of sending a message')
    .option('--timeout <ms>', 'how long to wait for a reply', '5000')
    .option('--repeat <n>', 'send n times and print throughput and latency percentiles')
    .option('--concurrency <c>', 'requests in flight at once with --repeat', '10')
    .option('--list', 'list the patterns the service handles (same as `platform patterns <service>`)')
    .option('--example', 'print a valid sample payload for the pattern instead of sending')
    .option('--trace', 'start a trace here and print its waterfall once the work settles (downstream consumers included)')
    .option('--json', 'print the reply (or the --repeat summary) as JSON')
    .option('--save <name>', 'also save the request as requests/<name>.yaml (run it again with `platform send @requests/<name>.yaml`)')
    .addHelpText(
      'after',
      `
Examples (on the seeded stack):
  platform send tcp ledger ledger.balance '{"accountId":"cus_alice"}'
  echo '{"accountId":"cus_bob"}' | platform send tcp ledger ledger.balance
  platform send tcp ledger --list
  platform send tcp ledger ledger.balance '{"accountId":"cus_alice"}' --repeat 2000 --concurrency 20
  platform send tcp ledger ledger.balance '{"accountId":"cus_alice"}' --trace
A host:port instead of a service name reaches any NestJS TCP server, e.g. 127.0.0.1:4002.`,
    )
    // optsWithGlobals: `send` itself takes --json (for a saved request), and commander gives it to
    // the parent unless the subcommand reads its parent's options too.
    .action(async (service: string, pattern: string | undefined, data: string | undefined, _opts, cmd: Command) =>
      (await import('../actions/send-tcp.action.js')).sendTcpAction(service, pattern, data, cmd.optsWithGlobals()),
    );
  send
    .command('kafka')
    .description('produce messages to a Kafka topic (or --reply: a NestJS request/reply)')
    .argument('<topic>', 'topic to produce to')
    .argument(
      '[value]',
      'message value, @file (one message per line unless the file is one JSON document), or - for stdin (one per line; piped stdin is read when omitted)',
    )
    .option('-k, --key <key>', 'message key')
    .option('-H, --header <k=v>', 'a header (repeatable)', collect, [])
    .option('-p, --partition <n>', 'partition to write to (default: by key, round-robin without)')
    .option('--count <n>', 'send the value(s) n times in total ({{i}} in value or key becomes the sequence number)')
    .option('--rate <r>', 'at most r messages per second')
    .option('--acks <acks>', 'acks: all (-1), 1 or 0', 'all')
    .option('--reply', 'NestJS request/reply: wait for the answer on <topic>.reply and print it')
    .option('--timeout <ms>', 'how long --reply waits', '10000')
    .option('--brokers <list>', 'comma-separated brokers (default: the running stack)')
    .option('--trace', 'start a trace (traceparent header) and print its waterfall once the consumers settle')
    .option('--json', 'print results as JSON')
    .option('--save <name>', 'also save the message as requests/<name>.yaml (one message, without --count)')
    .addHelpText(
      'after',
      `
Examples (a scratch topic, so the payment flow's consumers see nothing odd):
  platform kafka topics create scratch.events
  platform send kafka scratch.events '{"type":"hello"}' -k pay_1 -H event-type=hello
  printf '{"n":1}\\n{"n":2}\\n' | platform send kafka scratch.events
  platform send kafka scratch.events '{"n":{{i}}}' --count 100000 --acks 1
--reply talks to a service with a Kafka @MessagePattern handler (NestJS request/reply); the shipped
services answer requests over TCP instead: \`platform send tcp ledger ledger.balance ...\`.`,
    )
    .action(async (topic: string, value: string | undefined, _opts, cmd: Command) =>
      (await import('../actions/send-kafka.action.js')).sendKafkaAction(topic, value, cmd.optsWithGlobals()),
    );
}
