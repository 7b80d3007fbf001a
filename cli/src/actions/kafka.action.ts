import { intOption } from '../input/arguments.js';
import { resolveBrokers } from '../transports/kafka/client.js';
import {
  createTopics,
  deleteTopics,
  describeGroup,
  describeTopic,
  listGroups,
  listTopics,
  parseConfigs,
  withAdmin,
} from '../transports/kafka/admin.js';
import { colors } from '../ui/colors.js';
import { printJson, printTable } from '../ui/output.js';

interface Common {
  brokers?: string;
  json?: boolean;
  all?: boolean;
}

export async function topicsListAction(opts: Common): Promise<void> {
  const topics = await withAdmin(await resolveBrokers(opts.brokers), (a) => listTopics(a, opts));
  if (opts.json) return printJson(topics);
  if (!topics.length) return void process.stdout.write('no topics\n');
  printTable(
    ['topic', 'partitions', 'messages'],
    topics.map((t) => [t.topic, t.partitions, t.messages]),
  );
}

export async function topicsCreateAction(
  names: string[],
  opts: Common & { partitions?: string; replication?: string; config?: string[] },
): Promise<void> {
  const partitions = intOption(opts.partitions, '--partitions', { fallback: 3 })!;
  const replication = intOption(opts.replication, '--replication', { fallback: 1 })!;
  const configs = parseConfigs(opts.config);
  const result = await withAdmin(await resolveBrokers(opts.brokers), (a) => createTopics(a, names, { partitions, replication, configs }));
  if (opts.json) return printJson(result);
  for (const r of result)
    process.stdout.write(
      r.created ? `${colors.green('created')} ${r.topic} (${partitions} partitions)\n` : `${colors.dim('exists ')} ${r.topic}\n`,
    );
}

export async function topicsDescribeAction(name: string, opts: Common): Promise<void> {
  const d = await withAdmin(await resolveBrokers(opts.brokers), (a) => describeTopic(a, name));
  if (opts.json) return printJson(d);
  process.stdout.write(
    `${colors.bold(d.topic)}: ${d.partitions.length} partitions, ${d.partitions.reduce((n, p) => n + p.messages, 0)} messages\n`,
  );
  printTable(
    ['partition', 'leader', 'replicas', 'isr', 'low', 'high', 'messages'],
    d.partitions.map((p) => [p.partition, p.leader, p.replicas.join(','), p.isr.join(','), p.low, p.high, p.messages]),
  );
  const cfg = Object.entries(d.configs);
  if (cfg.length) process.stdout.write(`configs: ${cfg.map(([k, v]) => `${k}=${v}`).join(', ')}\n`);
}

export async function topicsDeleteAction(names: string[], opts: Common): Promise<void> {
  await withAdmin(await resolveBrokers(opts.brokers), (a) => deleteTopics(a, names));
  if (opts.json) return printJson(names.map((topic) => ({ topic, deleted: true })));
  for (const n of names) process.stdout.write(`${colors.red('deleted')} ${n}\n`);
}

export async function groupsAction(group: string | undefined, opts: Common): Promise<void> {
  const brokers = await resolveBrokers(opts.brokers);
  if (group) {
    const d = await withAdmin(brokers, (a) => describeGroup(a, group));
    if (opts.json) return printJson(d);
    process.stdout.write(
      `${colors.bold(d.groupId)}: ${d.state}, ${d.members.length} member${d.members.length === 1 ? '' : 's'}, lag ${d.lag ?? '-'}\n`,
    );
    if (d.partitions.length)
      printTable(
        ['topic', 'partition', 'committed', 'end', 'lag'],
        d.partitions.map((p) => [p.topic, p.partition, p.committed ?? '-', p.high, p.lag ?? '-']),
      );
    if (d.members.length) {
      printTable(
        ['member', 'client', 'host', 'assignment'],
        d.members.map((m) => [
          m.memberId,
          m.clientId,
          m.host,
          Object.entries(m.assignment)
            .map(([t, ps]) => `${t}[${ps.join(',')}]`)
            .join(' '),
        ]),
      );
    }
    return;
  }
  const groups = await withAdmin(brokers, (a) => listGroups(a, opts));
  if (opts.json) return printJson(groups);
  if (!groups.length) return void process.stdout.write('no consumer groups\n');
  printTable(
    ['group', 'state', 'members', 'topics', 'lag'],
    groups.map((g) => [g.groupId, g.state, g.members, g.topics.join(', '), g.lag ?? '-']),
  );
}
