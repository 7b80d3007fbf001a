/** "Ready" means the server answers a real request, not just that its port is open. */
export async function kafkaAnswers(brokers: string[], timeoutMs = 2000): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'platform-probe', brokers, logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** A Kafka-only app is up when its consumer group is Stable with members: it joined and got its partitions. */
export async function kafkaGroupStable(brokers: string[], groupId: string, timeoutMs = 2000): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  // Finding the group's coordinator takes a metadata refresh, which kafkajs only does on a retry.
  const admin = new Kafka({ clientId: 'platform-probe', brokers, logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 2 } }).admin();
  try {
    await admin.connect();
    const [group] = (await admin.describeGroups([groupId])).groups;
    if (group?.state !== 'Stable' || !group.members.length) throw new Error(`consumer group ${groupId} is ${group?.state ?? 'unknown'} with ${group?.members.length ?? 0} member(s)`);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function mongoAnswers(url: string, timeoutMs = 2000): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db().command({ ping: 1 });
  } finally {
    await client.close().catch(() => {});
  }
}

/** Creates the topics the services declare; existing topics are left as they are. */
export async function ensureTopics(brokers: string[], topics: [string, number][]): Promise<string[]> {
  if (!topics.length) return [];
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'platform-topics', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(([t]) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor: 1 })) });
    }
    return missing.map(([t]) => t);
  } finally {
    await admin.disconnect();
  }
}

export async function waitUntil(check: () => Promise<void>, timeoutMs: number, intervalMs = 250, stillWorth: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  while (Date.now() < deadline && stillWorth()) {
    try {
      await check();
      return;
    } catch (e) {
      last = e as Error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(stillWorth() ? `not ready after ${Math.round(timeoutMs / 1000)} s${last ? `: ${last.message}` : ''}` : 'its process exited');
}
