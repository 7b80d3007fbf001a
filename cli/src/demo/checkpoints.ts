import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';
import { declaredTopics } from '../stack/services.js';
import type { ServiceSpec } from '../stack/declaration.js';
import type { Admin } from 'kafkajs';
import { emptyAllCollections, seedNamedDataset } from './mongo-adapter.js';
import type { StackEnv } from './stack-env.js';

/**
 * Named states of the stack, declared in demos/checkpoints.yaml:
 *   checkpoints:
 *     clean:
 *       description: ...
 *       datasets: [payment-flow]     # demos/data/<name>.json, loaded into an emptied database
 *       scale: { notifications: 1 }  # instances afterwards (default: 1 of every service)
 *       topics: empty                # or recreate (delete and create again; slower)
 */
export interface Checkpoint {
  name: string;
  description: string;
  datasets: string[];
  scale: Record<string, number>;
  /** `empty` (default): delete every record, keep the topic; `recreate`: delete the topic and create it again. */
  topics: 'empty' | 'recreate';
}

export function checkpointsFile(root: string): string {
  return join(root, 'demos', 'checkpoints.yaml');
}

export async function loadCheckpoints(root: string): Promise<Checkpoint[]> {
  const file = checkpointsFile(root);
  if (!existsSync(file)) return [{ name: 'clean', description: 'empty database, empty topics', datasets: [], scale: {}, topics: 'empty' }];
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw usageError(`demos/checkpoints.yaml: ${doc.errors[0].message.split('\n')[0]}`);
  const raw = (doc.toJS() as { checkpoints?: Record<string, Record<string, unknown>> })?.checkpoints;
  if (!raw || typeof raw !== 'object')
    throw usageError('demos/checkpoints.yaml: expected a "checkpoints" map of name -> { description, datasets, scale }');
  return Object.entries(raw).map(([name, c]) => {
    const bad = (what: string) => usageError(`demos/checkpoints.yaml: checkpoint "${name}": ${what}`);
    if (!c || typeof c !== 'object') throw bad('expected { description, datasets, scale }');
    const datasets = c.datasets ?? [];
    if (!Array.isArray(datasets) || datasets.some((d) => typeof d !== 'string')) throw bad('"datasets" must be a list of dataset names');
    const scale = (c.scale ?? {}) as Record<string, number>;
    if (typeof scale !== 'object' || Object.values(scale).some((n) => !Number.isInteger(n) || n < 0))
      throw bad('"scale" must map service names to instance counts');
    const topics = c.topics ?? 'empty';
    if (topics !== 'empty' && topics !== 'recreate') throw bad('"topics" must be empty or recreate');
    return { name, description: String(c.description ?? ''), datasets: datasets as string[], scale, topics };
  });
}

export async function findCheckpoint(root: string, name: string): Promise<Checkpoint> {
  const all = await loadCheckpoints(root);
  const cp = all.find((c) => c.name === name);
  if (!cp) throw usageError(`unknown checkpoint "${name}"`, `checkpoints (demos/checkpoints.yaml): ${all.map((c) => c.name).join(', ')}`);
  return cp;
}

export function datasetFile(root: string, name: string): string {
  return join(root, 'demos', 'data', name.endsWith('.json') ? name : `${name}.json`);
}

export interface ResetReport {
  checkpoint: string;
  restarted: string[];
  topics: string[];
  topicsMode: 'emptied' | 'recreated';
  groups: string[];
  emptied: string[];
  seeded: Record<string, number>;
  instances: Record<string, number>;
  ms: number;
}

/**
 * Returns the running stack to a checkpoint. Every service that consumes or produces Kafka topics
 * is stopped first (scaled to 0), so that no consumer commits and no producer or outbox relay
 * publishes a pre-reset event into the emptied topics. Then every declared topic is emptied (or
 * deleted and created again with `topics: recreate`), consumer groups are deleted so offsets start
 * over, every collection is emptied (indexes kept) and the datasets loaded, and every service of
 * the stack goes back to its checkpoint instance count (the supervisor starts them in order).
 */
export async function resetTo(env: StackEnv, cp: Checkpoint, step: (what: string) => void = () => {}): Promise<ResetReport> {
  const started = Date.now();
  const state = await env.state();
  const plan = env.plan();
  for (const d of cp.datasets)
    if (!existsSync(datasetFile(env.paths.root, d)))
      throw usageError(`checkpoint "${cp.name}": dataset ${d} not found at demos/data/${d}.json`);
  const inStack = Object.keys(state.desired);
  const kafkaUsers = inStack.filter((n) => {
    const s = env.services.find((x) => x.name === n);
    return Boolean(s && (s.consumes.length || s.produces.length));
  });

  step(`Stopping Kafka consumers and producers (${kafkaUsers.join(', ') || 'none'})`);
  await env.setDesired(Object.fromEntries(kafkaUsers.map((n) => [n, 0])));

  const topics = topicsToClear(plan?.topics ?? [], env.services, inStack);
  step(cp.topics === 'recreate' ? 'Recreating topics' : 'Emptying topics');
  const groups = await clearTopics(env, topics, cp.topics);

  step('Reseeding the database');
  const db = (await env.mongo()).db();
  const emptied = await emptyAllCollections(db);
  const seeded: Record<string, number> = {};
  for (const d of cp.datasets) Object.assign(seeded, await seedNamedDataset(env.paths.root, d, state.mongoUrl, false));

  const instances = Object.fromEntries(inStack.map((n) => [n, cp.scale[n] ?? 1]));
  step(`Starting ${kafkaUsers.join(', ') || 'services'}`);
  await env.setDesired(instances);
  return {
    checkpoint: cp.name,
    restarted: kafkaUsers,
    topics: topics.map(([t]) => t),
    topicsMode: cp.topics === 'recreate' ? 'recreated' : 'emptied',
    groups,
    emptied,
    seeded,
    instances,
    ms: Date.now() - started,
  };
}

/**
 * The topics a reset empties: the plan's, which are those of the services the first `up` started,
 * and those of every service in the stack now, since services added to a running stack (`up
 * orders`, then `up`) bring theirs.
 */
export function topicsToClear(planned: [string, number][], services: ServiceSpec[], inStack: string[]): [string, number][] {
  return [...new Map([...planned, ...declaredTopics(services.filter((s) => inStack.includes(s.name)))])];
}

/** Empties (or recreates) the topics and deletes the consumer groups nobody is in; returns those groups. */
async function clearTopics(env: StackEnv, topics: [string, number][], mode: Checkpoint['topics']): Promise<string[]> {
  const admin = (await env.kafka()).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.map(([t]) => t).filter((t) => existing.has(t));
    if (mode === 'recreate') await recreateTopics(admin, present, topics);
    else {
      for (const topic of present) {
        const offsets = await admin.fetchTopicOffsets(topic);
        const partitions = offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => ({ partition: p.partition, offset: p.high }));
        if (partitions.length) await admin.deleteTopicRecords({ topic, partitions });
      }
      const { ensureTopics } = await import('../transports/kafka/admin.js');
      await ensureTopics(admin, topics);
    }
    // Only groups nobody is in: a `platform tail` running elsewhere keeps its own.
    const described = (await admin.describeGroups((await admin.listGroups()).groups.map((g) => g.groupId))).groups;
    const groups = described.filter((g) => g.members.length === 0).map((g) => g.groupId);
    if (groups.length) await admin.deleteGroups(groups).catch(() => {});
    return groups;
  } finally {
    await admin.disconnect();
  }
}

async function recreateTopics(admin: Admin, present: string[], topics: [string, number][]) {
  if (present.length) await admin.deleteTopics({ topics: present, timeout: 15_000 });
  await waitFor(async () => !(await admin.listTopics()).some((t) => present.includes(t)), 15_000);
  // A deleted topic can linger a moment in the controller: retry until none is left to create.
  const { ensureTopics } = await import('../transports/kafka/admin.js');
  await waitFor(async () => (await ensureTopics(admin, topics).catch(() => undefined))?.length === 0, 20_000, 300);
}

async function waitFor(check: () => Promise<boolean>, ms: number, every = 200): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, every));
  }
}
