import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { findCheckpoint, resetTo } from './checkpoints.js';
import { toMs, formatMs } from './duration.js';
import type { SeenMessage } from './kafka-watch.js';
import { partialMatch, renderDiff, type Mismatch } from './match.js';
import { findDocuments, seedNamedDataset } from './mongo-adapter.js';
import type { StackEnv } from './stack-env.js';
import type { Expectation, Step, TcpRequest } from './types.js';
import { actionOf } from './types.js';
import { expectTrace } from './expect-trace.js';
import { colors } from '../ui/colors.js';
import { renderTable } from '../ui/output.js';

/** What a step produced: a one-line summary, optional detail for the presenter, data for captures. */
export interface StepOutcome {
  summary: string;
  /** The summary without the value the presenter shows in full below it. */
  short?: string;
  detail?: string;
  /** Show the detail in CI output too (who got which partition is the point of the step). */
  showDetail?: boolean;
  data?: unknown;
}

/** A step that ran and did not do what the scenario says (exit 1), with the diff that shows why. */
export class StepFailure extends Error {
  constructor(message: string, readonly diff?: string) {
    super(message);
  }
}

export interface StepContext {
  env: StackEnv;
  /** Default time limit of expectations. */
  withinMs: number;
  /** Progress for steps that take a while (presenter shows it, CI logs it). */
  progress: (text: string) => void;
}

const BIN = fileURLToPath(new URL('../../bin/platform.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStep(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const { env } = ctx;
  switch (actionOf(step)) {
    case 'say':
    case 'pause':
      return { summary: '' };
    case 'up':
    case 'down': {
      const args = step.up !== undefined ? ['up', ...(step.up?.services ?? [])] : ['down'];
      ctx.progress(`platform ${args.join(' ')}`);
      const r = await execa(process.execPath, [BIN, ...args], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
      if (r.exitCode !== 0) throw new StepFailure(`platform ${args[0]} exited ${r.exitCode}`, indent(String(r.stderr || r.stdout)));
      return { summary: args[0] === 'up' ? 'the stack is up' : 'the stack is stopped', detail: String(r.stdout).trim() };
    }
    case 'seed': {
      const s = typeof step.seed === 'string' ? { dataset: step.seed, reset: false } : step.seed!;
      const counts = await seedNamedDataset(env.paths.root, s.dataset, (await env.state()).mongoUrl, Boolean(s.reset));
      return { summary: Object.entries(counts).map(([c, n]) => `${n} ${c}`).join(', '), data: counts };
    }
    case 'reset': {
      const cp = await findCheckpoint(env.paths.root, step.reset!);
      const watched = env.watch.watching;
      await env.watch.stop();
      const report = await resetTo(env, cp, ctx.progress);
      if (watched.length) await env.watch.start(watched);
      return { summary: `checkpoint ${cp.name} in ${formatMs(report.ms)}: ${Object.values(report.seeded).reduce((a, b) => a + b, 0)} documents seeded, ${report.topics.length} topics ${report.topicsMode}, restarted ${report.restarted.join(', ') || 'nothing'}`, data: report };
    }
    case 'send':
      return step.send!.tcp ? sendTcpStep(step.send!.tcp) : sendKafkaStep(step, env);
    case 'http':
      return httpStep(step, env);
    case 'expect':
      return expectStep(step.expect!, ctx);
    case 'kill':
    case 'restart': {
      const action = step.kill !== undefined ? 'kill' : 'restart';
      const r = (step.kill ?? step.restart)!;
      const t = typeof r === 'string' ? { service: r } : r;
      env.service(t.service);
      const before = (await env.state()).processes.filter((p) => p.name === t.service && (t.instance === undefined || p.instance === t.instance));
      ctx.progress(`${action} ${t.service}`);
      await env.act(action, { name: t.service, instance: t.instance });
      const pids = before.map((p) => p.pid).filter(Boolean).join(', ');
      if (action === 'kill') {
        // Return once the supervisor has seen the crash, so a following `wait: { healthy }` waits for the new process.
        const old = new Set(before.map((p) => `${p.instance}:${p.pid}`));
        const end = Date.now() + 10_000;
        while (Date.now() < end && (await env.state()).processes.some((p) => old.has(`${p.instance}:${p.pid}`) && p.state === 'healthy')) await sleep(50);
      }
      return { summary: action === 'kill' ? `killed ${t.service} (pid ${pids || '-'}); the supervisor restarts it` : `${t.service} restarted and healthy` };
    }
    case 'scale': {
      for (const name of Object.keys(step.scale!)) env.service(name);
      ctx.progress(`scaling ${Object.entries(step.scale!).map(([n, c]) => `${n} to ${c}`).join(', ')}`);
      await env.setDesired(step.scale!);
      const procs = (await env.state()).processes.filter((p) => p.name in step.scale! && p.state !== 'stopped');
      return {
        summary: Object.entries(step.scale!).map(([n, c]) => `${n}: ${c} instance${c === 1 ? '' : 's'}`).join(', '),
        detail: renderTable(['instance', 'address', 'pid', 'state'], procs.map((p) => [`${p.name} #${p.instance}`, p.address, p.pid ?? '-', p.state])),
        showDetail: true,
      };
    }
    case 'wait': {
      const w = step.wait!;
      if (typeof w !== 'object') {
        const ms = toMs(w, 0);
        await sleep(ms);
        return { summary: `waited ${formatMs(ms)}` };
      }
      const names = [w.healthy].flat();
      const ms = toMs(w.within, ctx.withinMs);
      const end = Date.now() + ms;
      for (;;) {
        const procs = (await env.state()).processes.filter((p) => names.includes(p.name));
        const bad = procs.filter((p) => p.state !== 'healthy');
        if (procs.length && !bad.length) return { summary: `${names.join(', ')} healthy` };
        if (Date.now() > end) throw new StepFailure(`not healthy within ${formatMs(ms)}: ${bad.map((p) => `${p.name} #${p.instance} is ${p.state}${p.detail ? ` (${p.detail})` : ''}`).join('; ') || names.join(', ') + ' not running'}`);
        await sleep(250);
      }
    }
  }
}

async function sendTcpStep(t: TcpRequest): Promise<StepOutcome> {
  const r = await callTcp(t);
  const problems = tcpMismatches(t, r);
  if (problems) throw new StepFailure(problems.message, problems.diff);
  return r.error !== undefined
    ? { summary: `error reply ${compact(r.error)}`, detail: pretty(r.error), data: { error: r.error } }
    : { summary: `reply ${compact(r.reply)}`, short: 'reply', detail: pretty(r.reply), data: { reply: r.reply } };
}

async function callTcp(t: TcpRequest): Promise<{ reply?: unknown; error?: unknown }> {
  const { sendTcp } = await import('../transports/tcp/send.js');
  const { RemoteError } = await import('../transports/tcp/client.js');
  try {
    return { reply: await sendTcp(t.instance ? `${t.service}#${t.instance}` : t.service, t.pattern, t.data ?? {}, { timeoutMs: 10_000 }) };
  } catch (e) {
    if (e instanceof RemoteError) return { error: e.body };
    throw e;
  }
}

function tcpMismatches(t: TcpRequest, r: { reply?: unknown; error?: unknown }): { message: string; diff?: string } | undefined {
  if (t.error !== undefined) {
    if (r.error === undefined) return { message: 'expected an error reply, got a reply', diff: renderDiff([{ path: '(reply)', expected: t.error, actual: r.reply, reason: 'not an error' }], r.reply) };
    const m = partialMatch(t.error, r.error);
    return m.length ? { message: 'the error reply does not match', diff: renderDiff(m, r.error) } : undefined;
  }
  if (r.error !== undefined) return { message: `${t.service} answered with an error: ${compact(r.error)}`, diff: renderDiff([], r.error) };
  if (t.reply === undefined) return undefined;
  const m = partialMatch(t.reply, r.reply);
  return m.length ? { message: 'the reply does not match', diff: renderDiff(m, r.reply) } : undefined;
}

async function sendKafkaStep(step: Step, env: StackEnv): Promise<StepOutcome> {
  const msgs = [step.send!.kafka!].flat();
  const producer = await env.producer();
  const results = [];
  for (const m of msgs) {
    const [meta] = await producer.send({
      topic: m.topic,
      acks: -1,
      messages: [{ key: m.key, value: typeof m.value === 'string' ? m.value : JSON.stringify(m.value), headers: m.headers, partition: m.partition }],
    });
    results.push({ topic: m.topic, partition: meta.partition, offset: Number(meta.baseOffset ?? meta.offset), key: m.key });
  }
  const last = results[results.length - 1];
  return { summary: results.map((r) => `${r.topic}[${r.partition}]@${r.offset}`).join(', '), data: results.length === 1 ? last : { messages: results, ...last } };
}

interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

async function request(env: StackEnv, h: { method?: string; path: string; headers?: Record<string, string>; body?: unknown }): Promise<HttpResult> {
  const url = (await env.gatewayUrl()) + h.path;
  const method = h.method ?? (h.body === undefined ? 'GET' : 'POST');
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(h.body !== undefined ? { 'content-type': 'application/json' } : {}), ...h.headers },
      body: h.body === undefined ? undefined : typeof h.body === 'string' ? h.body : JSON.stringify(h.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new StepFailure(`${method} ${url} failed: ${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body };
}

function httpMismatches(expected: { status?: number; body?: unknown; headers?: Record<string, unknown> }, r: HttpResult): Mismatch[] {
  const m: Mismatch[] = [];
  if (expected.status !== undefined && expected.status !== r.status) m.push({ path: 'status', expected: expected.status, actual: r.status });
  if (expected.headers) m.push(...partialMatch(expected.headers, r.headers, 'headers'));
  if (expected.body !== undefined) m.push(...partialMatch(expected.body, r.body, 'body'));
  return m;
}

async function httpStep(step: Step, env: StackEnv): Promise<StepOutcome> {
  const h = step.http!;
  const label = `${h.method ?? (h.body === undefined ? 'GET' : 'POST')} ${h.path}`;
  if (h.repeat !== undefined) return httpRepeat(h, env, label);
  const r = await request(env, h);
  if (h.expect) {
    const m = httpMismatches(h.expect, r);
    if (m.length) throw new StepFailure(`${label} answered ${r.status}, not as expected`, renderDiff(m, { status: r.status, body: r.body }));
  } else if (r.status >= 500) {
    throw new StepFailure(`${label} answered ${r.status}`, renderDiff([], r.body));
  }
  return { summary: `${r.status} ${compact(r.body)}`, short: `HTTP ${r.status}`, detail: pretty(r.body), data: r };
}

/** n requests at once: identical (concurrent duplicates) unless {{i}} numbers them. */
async function httpRepeat(h: NonNullable<Step['http']>, env: StackEnv, label: string): Promise<StepOutcome> {
  const n = h.repeat!;
  const numbered = (i: number) => JSON.parse(JSON.stringify({ ...h, repeat: undefined, expect: undefined }).replace(/\{\{i\}\}/g, String(i)));
  const results = await Promise.all(Array.from({ length: n }, (_, i) => request(env, numbered(i + 1))));
  const failures = results.map((r, i) => ({ i, r, m: h.expect ? httpMismatches(h.expect, r) : r.status >= 500 ? [{ path: 'status', expected: '< 500', actual: r.status }] : [] })).filter((x) => x.m.length);
  if (failures.length) {
    const f = failures[0];
    throw new StepFailure(`${failures.length} of ${n} answers to ${label} were not as expected (first: request ${f.i + 1})`, renderDiff(f.m, { status: f.r.status, body: f.r.body }));
  }
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const ids = new Set(results.map((r) => (r.body as { id?: unknown })?.id).filter((x) => x !== undefined));
  const summary = `${n} answers: ${[...byStatus].map(([s, c]) => `${c}× ${s}`).join(', ')}${ids.size ? `; ${ids.size} distinct id${ids.size === 1 ? '' : 's'}` : ''}`;
  return {
    summary,
    detail: renderTable(['#', 'status', 'id'], results.slice(0, 20).map((r, i) => [i + 1, r.status, String((r.body as { id?: unknown })?.id ?? '-')])),
    data: { ...results[0], responses: results, ids: [...ids], distinctIds: ids.size },
  };
}

async function expectStep(e: Expectation, ctx: StepContext): Promise<StepOutcome> {
  const within = toMs(e.within, ctx.withinMs);
  const end = Date.now() + within;
  const { env } = ctx;
  const poll = async <T>(attempt: () => Promise<T | undefined>, explain: () => StepFailure): Promise<T> => {
    for (;;) {
      const r = await attempt();
      if (r !== undefined) return r;
      if (Date.now() > end) throw explain();
      await sleep(200);
    }
  };

  if (e.kafka) {
    const k = e.kafka;
    if (!env.watch.watching.includes(k.topic)) await env.watch.start([...env.watch.watching, k.topic]);
    const matches = () => env.watch.messages(k.topic).filter((m) => messageMismatches(k, m).length === 0);
    const want = k.count ?? 1;
    const failNone = () => {
      const seen = env.watch.messages(k.topic);
      if (k.count !== undefined) return new StepFailure(`expected exactly ${k.count} matching message(s) on ${k.topic}, saw ${matches().length} within ${formatMs(within)}`, renderMessages(matches()));
      const nearest = seen.map((m) => ({ m, diff: messageMismatches(k, m) })).sort((a, b) => a.diff.length - b.diff.length)[0];
      return new StepFailure(
        `no message on ${k.topic} matched within ${formatMs(within)} (${seen.length} arrived since the scenario started)`,
        nearest ? `  nearest (partition ${nearest.m.partition}, offset ${nearest.m.offset}):\n${renderDiff(nearest.diff, { key: nearest.m.key, value: nearest.m.value, headers: nearest.m.headers })}` : '  no message at all on this topic',
      );
    };
    for (;;) {
      if (matches().length >= want && want > 0) break;
      if (want === 0 && (await env.watch.caughtUp(k.topic))) break;
      if (Date.now() > end) throw failNone();
      await env.watch.next(Math.min(250, Math.max(0, end - Date.now())));
    }
    if (k.count !== undefined) {
      // "Exactly n": give duplicates a moment to show up, and read to the end of the topic.
      await sleep(toMs(e.settle, 1000));
      await poll(async () => ((await env.watch.caughtUp(k.topic)) ? true : undefined), () => new StepFailure(`could not read ${k.topic} to its end within ${formatMs(within)}`));
      const n = matches().length;
      if (n !== k.count) throw new StepFailure(`expected exactly ${k.count} matching message(s) on ${k.topic}, found ${n}`, renderMessages(matches()));
    }
    const found = matches();
    const first = found[0];
    return {
      summary: first ? `${found.length > 1 ? `${found.length} messages, first ` : ''}${k.topic}[${first.partition}]@${first.offset}${first.key ? ` key=${first.key}` : ''} ${compact(first.value, 80)}` : `no matching message on ${k.topic}, as expected`,
      short: first ? `${found.length} message${found.length === 1 ? '' : 's'} on ${k.topic}` : undefined,
      detail: renderMessages(found),
      data: first ? { ...first, messages: found, count: found.length } : { messages: [], count: 0 },
    };
  }

  if (e.document) {
    const d = e.document;
    const db = (await env.mongo()).db();
    let last: { docs: Record<string, unknown>[]; count: number } = { docs: [], count: 0 };
    const ok = (r: typeof last) => (d.count !== undefined ? r.count === d.count : r.count > 0) && (d.match === undefined || (r.docs[0] !== undefined && partialMatch(d.match, r.docs[0]).length === 0));
    const r = await poll(async () => {
      last = await findDocuments(db, d.collection, d.filter);
      return ok(last) ? last : undefined;
    }, () => {
      if (d.count !== undefined && last.count !== d.count) return new StepFailure(`expected ${d.count} document(s) in ${d.collection} matching ${compact(d.filter ?? {})}, found ${last.count} within ${formatMs(within)}`, renderDiff([], last.docs, { maxLines: 30 }));
      if (!last.docs.length) return new StepFailure(`no document in ${d.collection} matched ${compact(d.filter ?? {})} within ${formatMs(within)}`);
      return new StepFailure(`the document in ${d.collection} does not match within ${formatMs(within)}`, renderDiff(partialMatch(d.match, last.docs[0]), last.docs[0]));
    });
    return { summary: `${r.count} document${r.count === 1 ? '' : 's'} in ${d.collection}${r.docs[0] ? ` ${compact(r.docs[0], 80)}` : ''}`, short: `${r.count} document${r.count === 1 ? '' : 's'} in ${d.collection}`, detail: pretty(r.docs.length === 1 ? r.docs[0] : r.docs), data: { document: r.docs[0], documents: r.docs, count: r.count } };
  }

  if (e.tcp) {
    let last: { reply?: unknown; error?: unknown; failure?: string } = {};
    const r = await poll(async () => {
      try {
        last = await callTcp(e.tcp!);
      } catch (err) {
        last = { failure: (err as Error).message };
        return undefined;
      }
      return tcpMismatches(e.tcp!, last) ? undefined : last;
    }, () => {
      if (last.failure) return new StepFailure(`${e.tcp!.service} did not answer within ${formatMs(within)}: ${last.failure}`);
      const p = tcpMismatches(e.tcp!, last)!;
      return new StepFailure(`${p.message} within ${formatMs(within)}`, p.diff);
    });
    return r.error !== undefined ? { summary: `error reply ${compact(r.error)}`, data: { error: r.error } } : { summary: `reply ${compact(r.reply)}`, detail: pretty(r.reply), data: { reply: r.reply } };
  }

  if (e.http) {
    const h = e.http;
    let last: HttpResult | undefined;
    let failure = '';
    const exp = { status: h.status, body: h.response };
    const r = await poll(async () => {
      try {
        last = await request(env, h);
      } catch (err) {
        failure = (err as Error).message;
        return undefined;
      }
      return httpMismatches(exp, last).length ? undefined : last;
    }, () => (last ? new StepFailure(`${h.method ?? 'GET'} ${h.path} did not answer as expected within ${formatMs(within)}`, renderDiff(httpMismatches(exp, last), { status: last.status, body: last.body })) : new StepFailure(failure)));
    return { summary: `${r.status} ${compact(r.body)}`, short: `HTTP ${r.status}`, detail: pretty(r.body), data: r };
  }

  if (e.trace) return expectTrace(e.trace, ctx, end, within);
  return expectGroup(e.group!, ctx, end, within);
}

async function expectGroup(g: NonNullable<Expectation['group']>, ctx: StepContext, end: number, within: number): Promise<StepOutcome> {
  const { AssignerProtocol } = await import('kafkajs');
  const admin = (await ctx.env.kafka()).admin();
  await admin.connect();
  try {
    let last: { state: string; members: { clientId: string; assignment: Record<string, number[]> }[] } = { state: 'unknown', members: [] };
    let partitions: number[] = [];
    if (g.topic) partitions = (await admin.fetchTopicMetadata({ topics: [g.topic] })).topics[0].partitions.map((p) => p.partitionId).sort((a, b) => a - b);
    const ok = () => {
      if (last.state !== 'Stable') return false;
      if (g.members !== undefined && last.members.length !== g.members) return false;
      if (g.topic) {
        const assigned = last.members.flatMap((m) => m.assignment[g.topic!] ?? []).sort((a, b) => a - b);
        if (JSON.stringify(assigned) !== JSON.stringify(partitions)) return false;
      }
      return true;
    };
    for (;;) {
      const [desc] = (await admin.describeGroups([g.id])).groups;
      last = {
        state: desc.state,
        members: desc.members.map((m) => ({
          clientId: m.clientId,
          assignment: Object.fromEntries(Object.entries((m.memberAssignment?.length ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment : {}) ?? {}).map(([t, ps]) => [t, [...ps].sort((a, b) => a - b)])),
        })).sort((a, b) => a.clientId.localeCompare(b.clientId)),
      };
      if (ok()) break;
      if (Date.now() > end) {
        throw new StepFailure(
          `consumer group ${g.id} is ${last.state} with ${last.members.length} member(s) after ${formatMs(within)}`,
          renderDiff([{ path: 'members', expected: g.members, actual: last.members.length }], last.members.map((m) => ({ member: m.clientId, partitions: m.assignment }))),
        );
      }
      await sleep(300);
    }
    // Who got what: the partitions each member owns, and the messages this run saw on them.
    const topic = g.topic ?? Object.keys(last.members[0]?.assignment ?? {})[0];
    const seen = topic ? ctx.env.watch.messages(topic) : [];
    const rows = last.members.map((m) => {
      const mine = m.assignment[topic] ?? [];
      const keys = seen.filter((s) => mine.includes(s.partition)).map((s) => s.key ?? `@${s.offset}`);
      return [m.clientId, mine.join(', ') || '-', keys.length ? `${keys.length}: ${[...new Set(keys)].slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}` : '-'];
    });
    return {
      short: `group ${g.id}: ${last.members.length} member${last.members.length === 1 ? '' : 's'}, ${last.state}`,
      summary: `${g.id}: ${last.members.map((m) => `${m.clientId} → ${topic ?? ''}[${(m.assignment[topic] ?? []).join(',')}]`).join(', ')}`,
      detail: renderTable(['member', `${topic ?? ''} partitions`, 'messages this run'], rows),
      showDetail: true,
      data: { state: last.state, members: last.members.map((m) => ({ clientId: m.clientId, partitions: m.assignment[topic] ?? [] })) },
    };
  } finally {
    await admin.disconnect();
  }
}

function messageMismatches(k: NonNullable<Expectation['kafka']>, m: SeenMessage): Mismatch[] {
  const out: Mismatch[] = [];
  if (k.key !== undefined && k.key !== m.key) out.push({ path: 'key', expected: k.key, actual: m.key });
  if (k.value !== undefined) out.push(...partialMatch(k.value, m.value, 'value'));
  if (k.headers) out.push(...partialMatch(k.headers, m.headers, 'headers'));
  return out;
}

function renderMessages(msgs: SeenMessage[]): string {
  if (!msgs.length) return '';
  return renderTable(['partition', 'offset', 'key', 'value'], msgs.slice(0, 12).map((m) => [m.partition, m.offset, m.key ?? '-', compact(m.value, 70)]));
}

function compact(v: unknown, max = 100): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

function pretty(v: unknown, maxLines = 16): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const lines = (typeof v === 'string' ? v : JSON.stringify(v, null, 2)).split('\n');
  return lines.slice(0, maxLines).join('\n') + (lines.length > maxLines ? colors.dim(`\n... ${lines.length - maxLines} more lines`) : '');
}

function indent(s: string): string {
  return s.trim().split('\n').map((l) => `  ${l}`).join('\n');
}
