import type { Consumer, Kafka } from 'kafkajs';

export interface SeenMessage {
  topic: string;
  partition: number;
  offset: number;
  key?: string;
  value: unknown;
  headers: Record<string, string>;
  timestamp: string;
}

/**
 * Records every message that reaches the watched topics after the scenario started, so an
 * `expect kafka` step can look at what happened before it ran as well as wait for what comes.
 * One consumer in its own throw-away group; it starts at the offsets noted at `start`.
 */
export class KafkaWatch {
  private consumer?: Consumer;
  private readonly seen = new Map<string, SeenMessage[]>();
  private readonly startOffsets = new Map<string, number>();
  private readonly lastSeen = new Map<string, number>();
  private topics: string[] = [];
  private waiters = new Set<() => void>();
  private generation = 0;

  constructor(
    private readonly kafka: () => Promise<Kafka>,
    private readonly groupBase: string,
  ) {}

  get watching(): string[] {
    return this.topics;
  }

  /** Notes the end of each topic now, then consumes from there in the background. */
  async start(topics: string[]): Promise<void> {
    await this.stop();
    this.topics = [...new Set(topics)];
    this.seen.clear();
    this.startOffsets.clear();
    this.lastSeen.clear();
    if (!this.topics.length) return;
    const kafka = await this.kafka();
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) this.startOffsets.set(`${topic}/${p.partition}`, Number(p.high));
      }
    } finally {
      await admin.disconnect();
    }
    const groupId = `${this.groupBase}-${++this.generation}`;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    for (const topic of this.topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const offset = Number(message.offset);
        const k = `${topic}/${partition}`;
        this.lastSeen.set(k, offset);
        if (offset < (this.startOffsets.get(k) ?? 0)) return;
        const { decodeHeaders } = await import('../transports/kafka/client.js');
        const text = message.value?.toString('utf8');
        let value: unknown = text ?? null;
        try {
          value = text === undefined ? null : JSON.parse(text);
        } catch {
          /* not JSON: keep the text */
        }
        const list = this.seen.get(topic) ?? [];
        list.push({
          topic,
          partition,
          offset,
          key: message.key?.toString('utf8'),
          value,
          headers: decodeHeaders(message.headers as Record<string, unknown>),
          timestamp: new Date(Number(message.timestamp)).toISOString(),
        });
        this.seen.set(topic, list);
        for (const w of this.waiters) w();
      },
    });
    for (const [k, offset] of this.startOffsets) {
      const [topic, partition] = splitKey(k);
      consumer.seek({ topic, partition, offset: String(offset) });
    }
  }

  messages(topic: string): SeenMessage[] {
    return this.seen.get(topic) ?? [];
  }

  /** Resolves when a new message arrives or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** True once the consumer has read every message written to the topic so far. */
  async caughtUp(topic: string): Promise<boolean> {
    const admin = (await this.kafka()).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.every((p) => {
        const k = `${topic}/${p.partition}`;
        const high = Number(p.high);
        return high <= (this.startOffsets.get(k) ?? 0) || (this.lastSeen.get(k) ?? -1) + 1 >= high;
      });
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect().catch(() => {});
    // The group was only ours: leave no trace in `platform status`.
    const admin = (await this.kafka()).admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([`${this.groupBase}-${this.generation}`]))
      .catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

function splitKey(k: string): [string, number] {
  const i = k.lastIndexOf('/');
  return [k.slice(0, i), Number(k.slice(i + 1))];
}
