/**
 * Lag and dead letters per consuming service, for the `extra` column of `platform status`.
 *
 *   consumerExtras(brokers, services, timeoutMs?): Promise<Map<service, { lag, dlt }>>
 *     groupId = the service name; NestJS' Kafka transport adds `-server`, so both are looked up.
 *     dlt counts the messages in `<consumed topic>.dlt` whose `dlt-consumer-group` header names the
 *     service's group (a dead letter without that header counts for every consumer of the topic).
 */
import type { ServiceSpec } from '../../stack/declaration.js';
import { createKafka } from './client.js';
import { groupLag, topicMessageCount, withAdmin } from './admin.js';
import { consume } from './tail.js';

export interface ConsumerExtra {
  lag: number | null;
  dlt?: number;
  groups: string[];
}

export async function consumerExtras(
  brokers: string[],
  services: Pick<ServiceSpec, 'name' | 'consumes'>[],
  timeoutMs = 3000,
): Promise<Map<string, ConsumerExtra>> {
  const consumers = services.filter((s) => s.consumes.length);
  const out = new Map<string, ConsumerExtra>();
  if (!consumers.length) return out;
  let timer: NodeJS.Timeout | undefined;
  const work = withAdmin(
    brokers,
    async (admin) => {
      const [{ groups }, topics] = await Promise.all([admin.listGroups(), admin.listTopics()]);
      const groupIds = new Set(groups.map((g) => g.groupId));
      const dltCounts = new Map<string, Map<string, number>>();
      for (const s of consumers) {
        const candidates = [s.name, `${s.name}-server`].filter((g) => groupIds.has(g));
        let lag: number | null = null;
        for (const g of candidates) {
          for (const p of await groupLag(
            admin,
            g,
            s.consumes.filter((t) => topics.includes(t)),
          ))
            lag = (lag ?? 0) + p.lag;
        }
        let dlt: number | undefined;
        for (const t of s.consumes) {
          const d = `${t}.dlt`;
          if (!topics.includes(d)) continue;
          if (!dltCounts.has(d)) dltCounts.set(d, await deadLettersByGroup(brokers, d, await topicMessageCount(admin, d)));
          const byGroup = dltCounts.get(d)!;
          dlt = (dlt ?? 0) + (byGroup.get(s.name) ?? 0) + (byGroup.get(`${s.name}-server`) ?? 0) + (byGroup.get('') ?? 0);
        }
        out.set(s.name, { lag, dlt, groups: candidates });
      }
      return out;
    },
    'glance',
  ).catch(() => out);
  const timeout = new Promise<Map<string, ConsumerExtra>>((resolve) => (timer = setTimeout(() => resolve(out), timeoutMs)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const DLT_GROUP_HEADER = 'dlt-consumer-group';

/** Dead letters per `dlt-consumer-group` header ('' for none); reads the (small) topic once. */
async function deadLettersByGroup(brokers: string[], topic: string, total: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!total) return counts;
  await consume({
    kafka: createKafka(brokers, 'platform-cli', 'glance'),
    brokers,
    topics: [topic],
    fromBeginning: true,
    exitAtEnd: true,
    onMessages: (msgs) => {
      for (const m of msgs) {
        const g = m.headers[DLT_GROUP_HEADER] ?? '';
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
    },
  });
  return counts;
}
