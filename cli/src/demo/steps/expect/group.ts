import { renderTable } from '../../../ui/output.js';
import { formatMs } from '../../duration.js';
import type { SeenMessage } from '../../kafka-watch.js';
import { plural, sleep } from '../../format.js';
import { renderDiff } from '../../match.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from './matcher.js';

export interface GroupExpectation {
  id: string;
  members?: number;
  topic?: string;
}

interface GroupState {
  state: string;
  members: { clientId: string; assignment: Record<string, number[]> }[];
}

/** `expect: { group }`: a consumer group is stable with n members, every partition of a topic assigned. */
export const group: Matcher<GroupExpectation> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: {
      id: { type: 'string', description: 'consumer group id' },
      members: { type: 'integer', minimum: 0 },
      topic: { type: 'string', description: 'every partition of this topic is assigned' },
    },
  },
  async run(expected, { env, end, within }) {
    const { decodeAssignment } = await import('../../../transports/kafka/admin.js');
    const admin = (await env.kafka()).admin();
    await admin.connect();
    try {
      let last: GroupState = { state: 'unknown', members: [] };
      const partitions = expected.topic
        ? (await admin.fetchTopicMetadata({ topics: [expected.topic] })).topics[0].partitions
            .map((p) => p.partitionId)
            .sort((a, b) => a - b)
        : [];
      const settled = (topic: string | undefined) => {
        if (last.state !== 'Stable') return false;
        if (expected.members !== undefined && last.members.length !== expected.members) return false;
        if (!topic) return true;
        const assigned = last.members.flatMap((m) => m.assignment[topic] ?? []).sort((a, b) => a - b);
        return JSON.stringify(assigned) === JSON.stringify(partitions);
      };
      for (;;) {
        const [desc] = (await admin.describeGroups([expected.id])).groups;
        last = {
          state: desc.state,
          members: desc.members
            .map((m) => ({ clientId: m.clientId, assignment: decodeAssignment(m.memberAssignment) }))
            .sort((a, b) => a.clientId.localeCompare(b.clientId)),
        };
        if (settled(expected.topic)) break;
        if (Date.now() > end) {
          throw new StepFailure(
            `consumer group ${expected.id} is ${last.state} with ${last.members.length} member(s) after ${formatMs(within)}`,
            renderDiff(
              [{ path: 'members', expected: expected.members, actual: last.members.length }],
              last.members.map((m) => ({ member: m.clientId, partitions: m.assignment })),
            ),
          );
        }
        await sleep(300);
      }
      return whoGotWhat(expected, last, env.watch.messages.bind(env.watch));
    } finally {
      await admin.disconnect();
    }
  },
  view: (expected) => ({
    title: `expect consumer group ${expected.id}${expected.members !== undefined ? ` with ${plural(expected.members, 'member')}` : ''}`,
    command: 'platform status',
    check: `group ${expected.id} is stable${expected.members !== undefined ? ` with ${expected.members} member(s)` : ''}${expected.topic ? `, every partition of ${expected.topic} assigned` : ''}`,
  }),
};

/** Who got what: the partitions each member owns, and the messages this run saw on them. */
function whoGotWhat(expected: GroupExpectation, last: GroupState, seenOn: (topic: string) => SeenMessage[]) {
  const topic = expected.topic ?? Object.keys(last.members[0]?.assignment ?? {})[0];
  const seen = topic ? seenOn(topic) : [];
  const rows = last.members.map((m) => {
    const mine = m.assignment[topic] ?? [];
    const keys = seen.filter((s) => mine.includes(s.partition)).map((s) => s.key ?? `@${s.offset}`);
    return [
      m.clientId,
      mine.join(', ') || '-',
      keys.length ? `${keys.length}: ${[...new Set(keys)].slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}` : '-',
    ];
  });
  return {
    short: `group ${expected.id}: ${plural(last.members.length, 'member')}, ${last.state}`,
    summary: `${expected.id}: ${last.members.map((m) => `${m.clientId} → ${topic ?? ''}[${(m.assignment[topic] ?? []).join(',')}]`).join(', ')}`,
    detail: renderTable(['member', `${topic ?? ''} partitions`, 'messages this run'], rows),
    showDetail: true,
    data: { state: last.state, members: last.members.map((m) => ({ clientId: m.clientId, partitions: m.assignment[topic] ?? [] })) },
  };
}
