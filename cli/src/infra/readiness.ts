/** "Ready" means the server answers a real request, not just that its port is open. */
export async function kafkaAnswers(brokers: string[]): Promise<void> {
  const { withAdmin } = await import('../transports/kafka/admin.js');
  await withAdmin(brokers, (admin) => admin.describeCluster(), 'probe');
}

/** A Kafka-only app is up when its consumer group is Stable with members: it joined and got its partitions. */
export async function kafkaGroupStable(brokers: string[], groupId: string): Promise<void> {
  const { KAFKA_PROFILES } = await import('../transports/kafka/client.js');
  const { withAdmin } = await import('../transports/kafka/admin.js');
  // Finding the group's coordinator takes a metadata refresh, which kafkajs only does on a retry.
  const [group] = (await withAdmin(brokers, (admin) => admin.describeGroups([groupId]), { ...KAFKA_PROFILES.probe, retries: 2 })).groups;
  if (group?.state !== 'Stable' || !group.members.length)
    throw new Error(`consumer group ${groupId} is ${group?.state ?? 'unknown'} with ${group?.members.length ?? 0} member(s)`);
}

export async function mongoAnswers(url: string): Promise<void> {
  const { withDb } = await import('../transports/mongo/client.js');
  await withDb(url, (db) => db.command({ ping: 1 }), 'probe');
}

export async function waitUntil(
  check: () => Promise<void>,
  timeoutMs: number,
  intervalMs = 250,
  stillWorth: () => boolean = () => true,
): Promise<void> {
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
  throw new Error(
    stillWorth() ? `not ready after ${Math.round(timeoutMs / 1000)} s${last ? `: ${last.message}` : ''}` : 'its process exited',
  );
}
