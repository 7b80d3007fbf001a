import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerKafka(program: Command): void {
  const kafka = program.command('kafka').description('Kafka admin: topics and consumer groups');
  const brokers = ['--brokers <list>', 'comma-separated brokers (default: the running stack)'] as const;
  const topics = kafka.command('topics').description('list, create, describe and delete topics');
  topics
    .command('list', { isDefault: true })
    .description('list topics with partitions and message counts')
    .option('--all', 'include internal topics (__consumer_offsets)')
    .option(...brokers)
    .option('--json', 'print as JSON')
    .action(async (opts) => (await import('../actions/kafka.action.js')).topicsListAction(opts));
  topics
    .command('create')
    .description('create topics (idempotent: an existing topic is reported, not an error)')
    .argument('<topic...>', 'topic names')
    .option('-p, --partitions <n>', 'partitions', '3')
    .option('-r, --replication <n>', 'replication factor', '1')
    .option('-c, --config <k=v>', 'topic config, e.g. retention.ms=60000 (repeatable)', collect, [])
    .option(...brokers)
    .option('--json', 'print as JSON')
    .action(async (names: string[], opts) => (await import('../actions/kafka.action.js')).topicsCreateAction(names, opts));
  topics
    .command('describe')
    .description('partitions (leader, replicas, isr, offsets) and non-default configs of a topic')
    .argument('<topic>', 'topic name')
    .option(...brokers)
    .option('--json', 'print as JSON')
    .action(async (name: string, opts) => (await import('../actions/kafka.action.js')).topicsDescribeAction(name, opts));
  topics
    .command('delete')
    .description('delete topics')
    .argument('<topic...>', 'topic names')
    .option(...brokers)
    .option('--json', 'print as JSON')
    .action(async (names: string[], opts) => (await import('../actions/kafka.action.js')).topicsDeleteAction(names, opts));
  kafka
    .command('groups')
    .description('consumer groups with state, members and lag; with a group: lag per partition and members')
    .argument('[group]', 'one group in detail')
    .option('--all', 'include the throwaway groups of `platform tail`')
    .option(...brokers)
    .option('--json', 'print as JSON')
    .action(async (group: string | undefined, opts) => (await import('../actions/kafka.action.js')).groupsAction(group, opts));
}
