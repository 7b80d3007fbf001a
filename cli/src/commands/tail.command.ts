import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerTail(program: Command): void {
  program
    .command('tail')
    .description('print messages of Kafka topics as they arrive (key, headers, partition, offset, timestamp)')
    .argument('<topic...>', 'topics to read')
    .option('-b, --from-beginning', 'start at the oldest message instead of new ones')
    .option('-n, --max <n>', 'exit after n (matching) messages')
    .option('-e, --exit', 'exit at the end of the topics instead of following (like kcat -e)')
    .option(
      '-g, --group <id>',
      'consume as this group and commit offsets (default: a throwaway group that commits nothing and is deleted on exit)',
    )
    .option(
      '--filter <expr>',
      'key=..., header.<name>=..., value.<json.path>=..., partition=...; != negates (repeatable, all must match)',
      collect,
      [],
    )
    .option('--format <format>', 'pretty | json (one object per line) | raw (values only); default: pretty on a terminal, json when piped')
    .option('--json', 'one JSON object per line (same as --format json)')
    .option('--brokers <list>', 'comma-separated brokers (default: the running stack)')
    .addHelpText(
      'after',
      `
Examples:
  platform tail payments.events
  platform tail payments.events --from-beginning --filter header.event-type=payment.captured
  platform tail payments.events -b -e --format raw | wc -l
  platform tail payments.events payments.events.dlt --filter value.status=captured --max 1`,
    )
    .action(async (topics: string[], opts) => (await import('../actions/tail.action.js')).tailAction(topics, opts));
}
