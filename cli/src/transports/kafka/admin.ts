/**
 * Kafka admin for `platform kafka topics|groups` and the lag column of `platform status`.
 *
 *   withAdmin(brokers, fn, profile?): Promise<T>        connects, runs, disconnects, explains errors
 *   ensureTopics(admin, [[topic, partitions]]): Promise<string[]>   the one way topics are created
 *   listTopics(admin, { all? }): Promise<TopicSummary[]>
 *   describeTopic(admin, name): Promise<TopicDetail>
 *   createTopics(admin, names, { partitions, replication, configs }): Promise<{ topic, created }[]>
 *   deleteTopics(admin, names): Promise<void>
 *   listGroups(admin): Promise<GroupSummary[]>          state, members, total lag
 *   describeGroup(admin, groupId): Promise<GroupDetail>  members with assignments, lag per partition
 *   decodeAssignment(memberAssignment): Record<topic, partitions[]>
 *   groupLag(admin, groupId, topics?): Promise<PartitionLag[]>
 *   topicMessageCount(admin, topic): Promise<number>    high - low summed over partitions
 *   requireTopics(admin, topics): Promise<void>         usageError (exit 2) naming unknown topics
 */
import { AssignerProtocol, type Admin } from 'kafkajs';
import { usageError } from '../../errors.js';
import { createKafka, explainKafkaError, type KafkaProfile } from './client.js';

export async function withAdmin<T>(brokers: string[], fn: (admin: Admin) => Promise<T>, profile: KafkaProfile = 'cli'): Promise<T> {
  const admin = createKafka(brokers, 'platform-cli', profile).admin();
  try {
    await admin.connect();
    return await fn(admin);
  } catch (e) {
    throw explainKafkaError(e, brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function requireTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (!missing.length) return;
  const known = [...existing].filter((t) => !t.startsWith('__')).sort();
  const near = known.filter((k) => missing.some((m) => k.includes(m) || m.includes(k)));
  throw usageError(
    `unknown topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    `${near.length ? `did you mean ${near.join(', ')}? ` : ''}topics: ${known.join(', ') || 'none'}; create one with \`platform kafka topics create <name>\``,
  );
}

export interface TopicSummary {
  topic: string;
  partitions: number;
  messages: number;
}

export async function listTopics(admin: Admin, opts: { all?: boolean } = {}): Promise<TopicSummary[]> {
  const names = (await admin.listTopics()).filter((t) => opts.all || !t.startsWith('__')).sort();
  if (!names.length) return [];
  const meta = await admin.fetchTopicMetadata({ topics: names });
  const counts = await Promise.all(names.map((t) => topicMessageCount(admin, t)));
  return names.map((topic, i) => ({
    topic,
    partitions: meta.topics.find((m) => m.name === topic)?.partitions.length ?? 0,
    messages: counts[i],
  }));
}

export async function topicMessageCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
}

export interface TopicDetail {
  topic: string;
  partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; low: string; high: string; messages: number }[];
  configs: Record<string, string>;
}

export async function describeTopic(admin: Admin, topic: string): Promise<TopicDetail> {
  await requireTopics(admin, [topic]);
  const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const offsets = await admin.fetchTopicOffsets(topic);
  const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2 /* TOPIC */, name: topic }] });
  const configs: Record<string, string> = {};
  for (const e of cfg.resources[0]?.configEntries ?? []) if (!e.isDefault && e.configValue !== null) configs[e.configName] = e.configValue;
  return {
    topic,
    partitions: meta.partitions
      .map((p) => {
        const o = offsets.find((x) => x.partition === p.partitionId);
        return {
          partition: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          low: o?.low ?? '0',
          high: o?.high ?? '0',
          messages: o ? Number(BigInt(o.high) - BigInt(o.low)) : 0,
        };
      })
      .sort((a, b) => a.partition - b.partition),
    configs,
  };
}

/** `k=v` topic configs. */
export function parseConfigs(specs: string[] = []): { name: string; value: string }[] {
  return specs.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw usageError(`invalid --config "${s}": expected name=value`, 'e.g. --config retention.ms=60000');
    return { name: s.slice(0, eq), value: s.slice(eq + 1) };
  });
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export async function createTopics(
  admin: Admin,
  names: string[],
  opts: { partitions: number; replication: number; configs?: { name: string; value: string }[] },
): Promise<{ topic: string; created: boolean }[]> {
  const bad = names.find((n) => !TOPIC_NAME.test(n) || n === '.' || n === '..');
  if (bad) throw usageError(`invalid topic name "${bad}": use letters, digits, '.', '_' and '-' (at most 249)`);
  const created = await ensureTopics(
    admin,
    names.map((n) => [n, opts.partitions]),
    { replication: opts.replication, configs: opts.configs },
  );
  return names.map((topic) => ({ topic, created: created.includes(topic) }));
}

/** Creates the topics that do not exist yet (existing ones are left as they are); returns those it created. */
export async function ensureTopics(
  admin: Admin,
  topics: [string, number][],
  opts: { replication?: number; configs?: { name: string; value: string }[] } = {},
): Promise<string[]> {
  if (!topics.length) return [];
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter(([t]) => !existing.has(t));
  if (missing.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(([topic, numPartitions]) => ({
        topic,
        numPartitions,
        replicationFactor: opts.replication ?? 1,
        configEntries: opts.configs,
      })),
    });
  }
  return missing.map(([t]) => t);
}

export async function deleteTopics(admin: Admin, names: string[]): Promise<void> {
  await requireTopics(admin, names);
  await admin.deleteTopics({ topics: names, timeout: 10_000 });
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: string | null;
  high: string;
  lag: number;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignment: Record<string, number[]>;
}

export interface GroupSummary {
  groupId: string;
  state: string;
  protocolType: string;
  members: number;
  topics: string[];
  lag: number | null;
}

export interface GroupDetail extends Omit<GroupSummary, 'members'> {
  members: GroupMember[];
  partitions: PartitionLag[];
}

/** Committed offset vs end offset for every partition of the topics the group has offsets for (or `topics`). */
export async function groupLag(admin: Admin, groupId: string, topics?: string[]): Promise<PartitionLag[]> {
  // Without topics Kafka answers only partitions with a commit; asking per topic adds the others.
  const names = topics ?? (await admin.fetchOffsets({ groupId })).map((t) => t.topic);
  if (!names.length) return [];
  const committed = await admin.fetchOffsets({ groupId, topics: names });
  const out: PartitionLag[] = [];
  for (const t of committed) {
    const ends = await admin.fetchTopicOffsets(t.topic).catch(() => []);
    for (const p of t.partitions) {
      const end = ends.find((e) => e.partition === p.partition);
      const high = end?.high ?? '0';
      const has = p.offset !== '-1' && p.offset !== '';
      // Nothing committed yet: everything still in the partition is unread (consumers here start at the beginning).
      const from = has ? BigInt(p.offset) : BigInt(end?.low ?? high);
      out.push({
        topic: t.topic,
        partition: p.partition,
        committed: has ? p.offset : null,
        high,
        lag: Math.max(0, Number(BigInt(high) - from)),
      });
    }
  }
  return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

const sumLag = (parts: PartitionLag[]) => (parts.length ? parts.reduce((n, p) => n + p.lag, 0) : null);

/** The partitions per topic a consumer group gave a member, ascending; empty for a member of another protocol. */
export function decodeAssignment(memberAssignment: Buffer | undefined): Record<string, number[]> {
  if (!memberAssignment?.length) return {};
  try {
    const assignment = AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment ?? {};
    return Object.fromEntries(Object.entries(assignment).map(([topic, ps]) => [topic, [...ps].sort((a, b) => a - b)]));
  } catch {
    return {};
  }
}

function decodeMembers(members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[]): GroupMember[] {
  return members.map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignment: decodeAssignment(m.memberAssignment),
  }));
}

export const isThrowawayGroup = (g: string) => /^platform-(tail|watch|reply)-/.test(g);

export async function listGroups(admin: Admin, opts: { all?: boolean } = {}): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  const ids = groups
    .map((g) => g.groupId)
    .filter((g) => opts.all || !isThrowawayGroup(g))
    .sort();
  if (!ids.length) return [];
  const described = (await admin.describeGroups(ids)).groups;
  return Promise.all(
    ids.map(async (groupId) => {
      const d = described.find((g) => g.groupId === groupId);
      const parts = await groupLag(admin, groupId).catch(() => [] as PartitionLag[]);
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType || groups.find((g) => g.groupId === groupId)?.protocolType || '',
        members: d?.members.length ?? 0,
        topics: [...new Set(parts.map((p) => p.topic))],
        lag: sumLag(parts),
      };
    }),
  );
}

export async function describeGroup(admin: Admin, groupId: string): Promise<GroupDetail> {
  const { groups } = await admin.listGroups();
  if (!groups.some((g) => g.groupId === groupId)) {
    const known = groups.map((g) => g.groupId).filter((g) => !isThrowawayGroup(g));
    throw usageError(
      `unknown consumer group "${groupId}"`,
      known.length ? `groups: ${known.join(', ')}` : 'there are no consumer groups yet',
    );
  }
  const [d] = (await admin.describeGroups([groupId])).groups;
  const partitions = await groupLag(admin, groupId);
  return {
    groupId,
    state: d.state,
    protocolType: d.protocolType,
    members: decodeMembers(d.members as never),
    topics: [...new Set(partitions.map((p) => p.topic))],
    partitions,
    lag: sumLag(partitions),
  };
}

export type ResetTarget = 'earliest' | 'latest' | { time: number };

/**
 * Moves a group's committed offsets on a topic to the earliest, the latest, or the first offset at
 * or after a time. Kafka only allows it while the group has no members, so a live group is refused.
 */
export async function resetGroupOffsets(admin: Admin, groupId: string, topic: string, to: ResetTarget): Promise<PartitionLag[]> {
  await requireTopics(admin, [topic]);
  const [d] = (await admin.describeGroups([groupId])).groups;
  if (d && d.state !== 'Empty' && d.state !== 'Dead') {
    throw usageError(
      `group ${groupId} is ${d.state} with ${d.members.length} member(s): offsets can only be reset while it is idle`,
      `stop its consumers first (e.g. \`platform scale <service>=0\`), then reset`,
    );
  }
  // Real offsets, not kafkajs' -2/-1 sentinels for earliest/latest: the committed offsets (and the lag) read as they are.
  const offsets =
    typeof to === 'object'
      ? await admin.fetchTopicOffsetsByTimestamp(topic, to.time)
      : (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: to === 'earliest' ? o.low : o.high }));
  await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset })) });
  return groupLag(admin, groupId, [topic]);
}
