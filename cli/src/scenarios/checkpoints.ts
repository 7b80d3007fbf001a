import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';
import { declaredTopics } from '../stack/services.js';
import { dropAllCollections, seedNamedDataset } from './mongo-adapter.js';
import type { StackEnv } from './stack-env.js';

/**
 * Named states of the stack, declared in demos/checkpoints.yaml:
 *   checkpoints:
 *     clean:
 *       description: ...
 *       datasets: [payment-flow]     # demos/data/<name>.json, loaded into an emptied database
 *       scale: { notifications: 1 }  # instances afterwards (default: 1 of every service)
 */
export interface Checkpoint {
  name: string;
  description: string;
  datasets: string[];
  scale: Record<string, number>;
}

export function checkpointsFile(root: string): string {
  return join(root, 'demos', 'checkpoints.yaml');
}

export async function loadCheckpoints(root: string): Promise<Checkpoint[]> {
  const file = checkpointsFile(root);
  if (!existsSync(file)) return [{ name: 'clean', description: 'empty database, empty topics', datasets: [], scale: {} }];
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw usageError(`demos/checkpoints.yaml: ${doc.errors[0].message.split('\n')[0]}`);
  const raw = (doc.toJS() as { checkpoints?: Record<string, Record<string, unknown>> })?.checkpoints;
  if (!raw || typeof raw !== 'object') throw usageError('demos/checkpoints.yaml: expected a "checkpoints" map of name -> { description, datasets, scale }');
  return Object.entries(raw).map(([name, c]) => {
    const bad = (what: string) => usageError(`demos/checkpoints.yaml: checkpoint "${name}": ${what}`);
    if (!c || typeof c !== 'object') throw bad('expected { description, datasets, scale }');
    const datasets = c.datasets ?? [];
    if (!Array.isArray(datasets) || datasets.some((d) => typeof d !== 'string')) throw bad('"datasets" must be a list of dataset names');
    const scale = (c.scale ?? {}) as Record<string, number>;
    if (typeof scale !== 'object' || Object.values(scale).some((n) => !Number.isInteger(n) || n < 0)) throw bad('"scale" must map service names to instance counts');
    return { name, description: String(c.description ?? ''), datasets: datasets as string[], scale };
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
  stopped: string[];
  topics: string[];
  groups: string[];
  dropped: string[];
  seeded: Record<string, number>;
  started: Record<string, number>;
  ms: number;
}

/**
 * Returns the running stack to a checkpoint: services stopped (so no consumer holds a group or
 * writes meanwhile), topics deleted and created again, consumer groups deleted (their offsets go
 * with them), the database emptied and reseeded, then the services started again level by level.
 */
export async function resetTo(env: StackEnv, cp: Checkpoint, step: (what: string) => void = () => {}): Promise<ResetReport> {
  const started = Date.now();
  const state = await env.state();
  const plan = env.plan();
  const levels = plan?.levels ?? [env.services.map((s) => s.name)];
  const running = new Set(state.processes.filter((p) => p.kind === 'service').map((p) => p.name));
  for (const d of cp.datasets) if (!existsSync(datasetFile(env.paths.root, d))) throw usageError(`checkpoint "${cp.name}": dataset ${d} not found at demos/data/${d}.json`);

  step('Stopping services');
  const stopped = [...running];
  await Promise.all(stopped.map((name) => env.control('scale', { name, count: 0 })));

  step('Recreating topics');
  const topics = plan?.topics ?? [...declaredTopics(env.services.filter((s) => running.has(s.name)))];
  const kafka = await env.kafka();
  const admin = kafka.admin();
  await admin.connect();
  let groups: string[] = [];
  try {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.map(([t]) => t).filter((t) => existing.has(t));
    if (doomed.length) await admin.deleteTopics({ topics: doomed, timeout: 15_000 });
    await waitFor(async () => !(await admin.listTopics()).some((t) => doomed.includes(t)), 15_000);
    groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    if (groups.length) await admin.deleteGroups(groups).catch(() => {});
    // A deleted topic can linger a moment in the controller: retry until the create is accepted.
    await waitFor(async () => {
      const now = new Set(await admin.listTopics());
      const missing = topics.filter(([t]) => !now.has(t));
      if (!missing.length) return true;
      await admin.createTopics({ waitForLeaders: true, topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor: 1 })) }).catch(() => false);
      return false;
    }, 20_000, 300);
  } finally {
    await admin.disconnect();
  }

  step('Reseeding the database');
  const db = (await env.mongo()).db();
  const dropped = await dropAllCollections(db);
  const seeded: Record<string, number> = {};
  for (const d of cp.datasets) Object.assign(seeded, await seedNamedDataset(env.paths.root, d, state.mongoUrl, false));

  const counts: Record<string, number> = {};
  for (const level of levels) {
    const names = level.filter((n) => running.has(n));
    if (!names.length) continue;
    step(`Starting ${names.join(', ')}`);
    await Promise.all(names.map(async (name) => {
      counts[name] = cp.scale[name] ?? 1;
      await env.control('scale', { name, count: counts[name] });
    }));
  }
  return { checkpoint: cp.name, stopped, topics: topics.map(([t]) => t), groups, dropped, seeded, started: counts, ms: Date.now() - started };
}

async function waitFor(check: () => Promise<boolean>, ms: number, every = 200): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, every));
  }
}
