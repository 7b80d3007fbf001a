import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, platform, platformJson, ROOT, stack } from '../support/stack.js';

/**
 * Talking to the stack through the real bin: send tcp / patterns against the reference services
 * (by name) and a small NestJS fixture (host:port: object patterns, events, errors, Kafka
 * request/reply); send kafka and tail cross-checked with kcat; Kafka admin; seed and db.
 */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const BROKER = stack.kafkaBrokers[0];
const tmp = mkdtempSync(join(tmpdir(), 'platform-talk-'));
const FIXTURE_TOPIC = 'talk.fixture.sum';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

const kcat = (args: string[], input?: string) => execa('kcat', ['-b', BROKER, ...args], { input, reject: false, timeout: 30_000 });

let fixture: ResultPromise | undefined;
let fixtureAddr = '';
let closedAddr = '';

beforeAll(async () => {
  await platform(['kafka', 'topics', 'create', FIXTURE_TOPIC, `${FIXTURE_TOPIC}.reply`, '-p', '1']);
  const port = await freePort();
  fixtureAddr = `127.0.0.1:${port}`;
  closedAddr = `127.0.0.1:${await freePort()}`;
  fixture = execa(process.execPath, [join(ROOT, 'cli/test/fixtures/tcp-fixture.mjs')], {
    cwd: ROOT,
    env: { TCP_PORT: String(port), KAFKA_BROKERS: BROKER, LOG_LEVEL: 'warn' },
    reject: false,
    stdio: 'ignore',
  });
  await eventually(async () => (await platform(['send', 'tcp', fixtureAddr, 'platform.health'])).exitCode === 0, 60_000, 300);
});

afterAll(async () => {
  fixture?.kill('SIGTERM');
  await fixture;
});

describe('send tcp', () => {
  it('reaches a reference service by name and prints its reply as JSON', async () => {
    const health = await platformJson(['send', 'tcp', 'ledger', 'platform.health']);
    expect(health).toMatchObject({ status: 'ok', service: 'ledger' });
    const balance = await platformJson(['send', 'tcp', 'ledger', 'ledger.balance', '{"accountId":"cus_alice"}']);
    expect(JSON.stringify(balance)).toMatch(/EUR/);
  });

  it('prints compact JSON when piped', async () => {
    const r = await platform(['send', 'tcp', 'ledger', 'platform.health']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('sends object patterns, reading data from an argument, a file and stdin', async () => {
    expect(await platformJson(['send', 'tcp', fixtureAddr, '{"v":1,"cmd":"sum"}', '{"values":[1,2,39]}'])).toEqual({ total: 42 });
    const file = join(tmp, 'sum.json');
    writeFileSync(file, '{"values":[10,20]}');
    expect(await platformJson(['send', 'tcp', fixtureAddr, '{"cmd":"sum","v":1}', `@${file}`])).toEqual({ total: 30 });
    const piped = await platform(['send', 'tcp', fixtureAddr, '{"cmd":"sum","v":1}'], { input: '{"values":[5,5]}' });
    expect(piped.exitCode).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual({ total: 10 });
  });

  it('emits events with --event (the handler runs, nothing is awaited)', async () => {
    const text = `note-${RUN}`;
    const r = await platform(['send', 'tcp', fixtureAddr, 'fixture.noted', JSON.stringify({ text, level: 1 }), '--event']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    await eventually(async () => JSON.stringify(await platformJson(['send', 'tcp', fixtureAddr, 'fixture.notes'])).includes(text));
  });

  it('prints an error reply and exits 1', async () => {
    const r = await platform(['send', 'tcp', fixtureAddr, 'fixture.fail']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/CONFLICT: it failed on purpose/);
    const notFound = await platform(['send', 'tcp', 'payments', 'payments.get', `{"paymentId":"pay_${RUN}nothere0"}`]);
    expect(notFound.exitCode).toBe(1);
    expect(notFound.stderr).toMatch(/NOT_FOUND|VALIDATION/);
  });

  it('names the patterns a service does handle when it does not handle one (exit 2)', async () => {
    const r = await platform(['send', 'tcp', fixtureAddr, 'fixture.nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no message handler for pattern fixture\.nope/);
    expect(r.stderr).toContain('{"cmd":"sum","v":1}');
    const ev = await platform(['send', 'tcp', fixtureAddr, 'fixture.nope', '{}', '--event']);
    expect(ev.exitCode).toBe(2);
    expect(ev.stderr).toMatch(/event patterns it handles: fixture\.noted/);
  });

  it('rejects bad input with exit 2: malformed JSON (with its position), unknown service', async () => {
    const bad = await platform(['send', 'tcp', fixtureAddr, 'fixture.notes', '{"a": nope}']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/data is not valid JSON at line 1, column 7/);
    const badPattern = await platform(['send', 'tcp', fixtureAddr, '{"cmd":', '{}']);
    expect(badPattern.exitCode).toBe(2);
    const unknown = await platform(['send', 'tcp', `nosuch${RUN}`, 'x']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/unknown service/);
    expect(unknown.stderr).toMatch(/payments/);
    const noStdin = await platform(['send', 'tcp', fixtureAddr, 'fixture.notes', '-'], { input: '' });
    expect(noStdin.exitCode).toBe(2);
  });

  it('exits 3 with the `platform up` hint when nothing listens', async () => {
    const r = await platform(['send', 'tcp', closedAddr, 'platform.health']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/platform up/);
  });

  it('turns into a load generator with --repeat/--concurrency', async () => {
    const s = await platformJson([
      'send',
      'tcp',
      fixtureAddr,
      '{"cmd":"sum","v":1}',
      '{"values":[1]}',
      '--repeat',
      '300',
      '--concurrency',
      '8',
    ]);
    expect(s).toMatchObject({ requests: 300, ok: 300, errors: 0, concurrency: 8 });
    expect(s.throughput).toBeGreaterThan(0);
    expect(s.latencyMs.p50).toBeLessThanOrEqual(s.latencyMs.p99);
    expect(s.latencyMs.p99).toBeLessThanOrEqual(s.latencyMs.max);
    const human = await platform(['send', 'tcp', fixtureAddr, 'fixture.notes', '--repeat', '20']);
    expect(human.stdout).toMatch(/20 requests in .* req\/s/);
    expect(human.stdout).toMatch(/p50 .* p90 .* p95 .* p99/);
  });
});

describe('patterns', () => {
  it('lists message and event patterns with schemas from platform.describe', async () => {
    const d = await platformJson(['patterns', fixtureAddr]);
    const byKey = new Map<string, any>(d.patterns.map((p: any) => [JSON.stringify(p.pattern), p]));
    expect(byKey.get('{"cmd":"sum","v":1}')).toMatchObject({ kind: 'message', example: { values: [1, 2, 3] } });
    expect(byKey.get('"fixture.noted"')).toMatchObject({ kind: 'event' });
    expect(byKey.get('"fixture.noted"').schema.properties).toHaveProperty('level');
    const table = await platform(['send', 'tcp', 'payments', '--list']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/payments\.create/);
  });

  it('--example prints a payload the service accepts (declared, or generated from the schema)', async () => {
    const declared = await platformJson(['patterns', fixtureAddr, '{"cmd":"sum","v":1}', '--example']);
    expect(declared).toEqual({ values: [1, 2, 3] });
    const generated = await platform(['patterns', fixtureAddr, 'fixture.noted', '--example']);
    expect(generated.exitCode).toBe(0);
    const sample = JSON.parse(generated.stdout);
    expect(sample).toMatchObject({ text: expect.any(String), level: expect.any(Number) });
    const sent = await platform(['send', 'tcp', fixtureAddr, 'fixture.noted', generated.stdout, '--event']);
    expect(sent.exitCode).toBe(0);
    const ledgerExample = await platform(['send', 'tcp', 'ledger', 'ledger.balance', '--example']);
    const balance = await platform(['send', 'tcp', 'ledger', 'ledger.balance', ledgerExample.stdout]);
    expect(balance.exitCode, balance.stderr).toBe(0);
  });

  it('says clearly when a pattern or describe is missing', async () => {
    const r = await platform(['patterns', fixtureAddr, 'nope.nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/does not handle pattern nope\.nope/);
  });
});

describe('send kafka and tail, cross-checked with kcat', () => {
  const topic = `talk.${RUN}`;

  beforeAll(async () => {
    const r = await platform(['kafka', 'topics', 'create', topic, '-p', '3']);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('kcat reads what send kafka wrote: key, headers, value, partition and offset', async () => {
    const value = JSON.stringify({ id: RUN, status: 'captured' });
    const sent = await platformJson([
      'send',
      'kafka',
      topic,
      value,
      '-k',
      `key-${RUN}`,
      '-H',
      'event-type=payment.captured',
      '-H',
      `correlation-id=c-${RUN}`,
    ]);
    expect(sent).toMatchObject({ topic, key: `key-${RUN}` });
    const read = await kcat([
      '-C',
      '-t',
      topic,
      '-p',
      String(sent.partition),
      '-o',
      sent.offset,
      '-c',
      '1',
      '-e',
      '-f',
      '%k|%h|%s|%p|%o\n',
    ]);
    expect(read.exitCode, read.stderr).toBe(0);
    const [key, headers, val, partition, offset] = read.stdout.trim().split('|');
    expect(key).toBe(`key-${RUN}`);
    expect(headers).toContain('event-type=payment.captured');
    expect(headers).toContain(`correlation-id=c-${RUN}`);
    expect(JSON.parse(val)).toEqual({ id: RUN, status: 'captured' });
    expect([Number(partition), offset]).toEqual([sent.partition, sent.offset]);
  });

  it('tail shows what kcat wrote, with key, headers, partition, offset and timestamp', async () => {
    const value = JSON.stringify({ from: 'kcat', run: RUN, status: 'failed' });
    const w = await kcat(['-P', '-t', topic, '-k', `kc-${RUN}`, '-H', 'event-type=payment.failed'], value + '\n');
    expect(w.exitCode, w.stderr).toBe(0);
    const r = await platform(['tail', topic, '--from-beginning', '--exit', '--format', 'json', '--filter', `key=kc-${RUN}`]);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      topic,
      key: `kc-${RUN}`,
      headers: { 'event-type': 'payment.failed' },
      value: { from: 'kcat', status: 'failed' },
    });
    expect(lines[0].partition).toEqual(expect.any(Number));
    expect(lines[0].offset).toMatch(/^\d+$/);
    expect(Date.parse(lines[0].timestamp)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const pretty = await platform(['tail', topic, '-b', '-e', '--format', 'pretty', '--filter', 'header.event-type=payment.failed']);
    expect(pretty.stdout).toContain(`key kc-${RUN}`);
    expect(pretty.stdout).toContain('event-type: payment.failed');
  });

  it('filters on a JSON field and stops after --max', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ n: i, status: i % 2 ? 'captured' : 'failed' })).join('\n');
    const sent = await platform(['send', 'kafka', topic, '-k', `batch-${RUN}`], { input: lines + '\n' });
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(sent.stdout.trim().split('\n')).toHaveLength(6);
    const r = await platform([
      'tail',
      topic,
      '-b',
      '--format',
      'json',
      '--filter',
      `key=batch-${RUN}`,
      '--filter',
      'value.status=captured',
      '--max',
      '2',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const got = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).value);
    expect(got).toEqual([
      { n: 1, status: 'captured' },
      { n: 3, status: 'captured' },
    ]);
  });

  it('produces --count messages in batches; tail -e --format raw reads them all', async () => {
    const t = `${topic}.load`;
    await platform(['kafka', 'topics', 'create', t, '-p', '2']);
    const s = await platformJson(['send', 'kafka', t, '{"n":{{i}}}', '--count', '5000', '--acks', '1']);
    expect(s).toMatchObject({ topic: t, messages: 5000 });
    expect(Object.values(s.partitions as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(5000);
    const r = await platform(['tail', t, '-b', '-e', '--format', 'raw']);
    const values = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).n);
    expect(values).toHaveLength(5000);
    expect(new Set(values).size).toBe(5000);
    const k = await kcat(['-C', '-t', t, '-o', 'beginning', '-e', '-q']);
    expect(k.stdout.trim().split('\n')).toHaveLength(5000);
  });

  it('leaves no consumer group behind by default; --group commits offsets', async () => {
    const before = new Set((await platformJson(['kafka', 'groups', '--all'])).map((g: any) => g.groupId));
    const tailed = await platform(['tail', topic, '-b', '-e', '--format', 'raw']);
    expect(tailed.stdout.trim().split('\n').length).toBeGreaterThan(1);
    const after = (await platformJson(['kafka', 'groups', '--all'])).map((g: any) => g.groupId);
    expect(after.filter((g: string) => !before.has(g) && g.startsWith('platform-tail-'))).toEqual([]);
    const group = `talk-group-${RUN}`;
    const r = await platform(['tail', topic, '-b', '-e', '--group', group, '--format', 'raw']);
    expect(r.exitCode, r.stderr).toBe(0);
    const d = await platformJson(['kafka', 'groups', group]);
    expect(d).toMatchObject({ groupId: group, lag: 0 });
    expect(d.partitions.length).toBeGreaterThan(0);
    await platform(['send', 'kafka', topic, 'one more']);
    expect((await platformJson(['kafka', 'groups', group])).lag).toBe(1);
  });

  it('performs a NestJS Kafka request/reply with --reply', async () => {
    expect(await platformJson(['send', 'kafka', FIXTURE_TOPIC, '{"values":[20,22]}', '--reply'])).toEqual({ total: 42 });
    // The service refuses the payload as invalid (VALIDATION): bad input, exit 2.
    const err = await platform(['send', 'kafka', FIXTURE_TOPIC, '{"nope":1}', '--reply']);
    expect(err.exitCode).toBe(2);
    expect(err.stderr).toMatch(/values must be an array/);
  });

  it('rejects bad input with exit 2: header syntax, unknown topic, no value', async () => {
    const h = await platform(['send', 'kafka', topic, 'x', '-H', 'novalue']);
    expect(h.exitCode).toBe(2);
    expect(h.stderr).toMatch(/invalid header "novalue"/);
    const u = await platform(['send', 'kafka', `nosuch.${RUN}`, 'x']);
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toMatch(/unknown topic/);
    const t = await platform(['tail', `nosuch.${RUN}`, '-e']);
    expect(t.exitCode).toBe(2);
    const none = await platform(['send', 'kafka', topic]);
    expect(none.exitCode).toBe(2);
    const json = await platform(['send', 'kafka', topic, '{"a":']);
    expect(json.exitCode).toBe(2);
    expect(json.stderr).toMatch(/line 1, column 6/);
    const f = await platform(['tail', topic, '--filter', 'nonsense']);
    expect(f.exitCode).toBe(2);
  });
});

describe('kafka topics', () => {
  it('creates, lists, describes and deletes topics', async () => {
    const t = `talk.admin.${RUN}`;
    expect(await platformJson(['kafka', 'topics', 'create', t, '-p', '4', '-c', 'retention.ms=3600000'])).toEqual([
      { topic: t, created: true },
    ]);
    expect(await platformJson(['kafka', 'topics', 'create', t])).toEqual([{ topic: t, created: false }]);
    expect((await platformJson(['kafka', 'topics'])).find((x: any) => x.topic === t)).toEqual({ topic: t, partitions: 4, messages: 0 });
    const d = await platformJson(['kafka', 'topics', 'describe', t]);
    expect(d.partitions).toHaveLength(4);
    expect(d.configs['retention.ms']).toBe('3600000');
    expect((await platform(['kafka', 'topics', 'delete', t])).exitCode).toBe(0);
    await eventually(async () => !(await platformJson(['kafka', 'topics'])).some((x: any) => x.topic === t));
    expect((await platform(['kafka', 'topics', 'describe', t])).exitCode).toBe(2);
  });
});

describe('status', () => {
  it('shows lag and dead letters for the consuming services', async () => {
    const s = await platformJson(['status']);
    const ledger = s.processes.find((p: any) => p.name === 'ledger' && p.instance === 0);
    expect(ledger.extra).toMatchObject({ lag: expect.anything() });
    const r = await platform(['status']);
    expect(r.stdout).toMatch(/ledger .*lag \S+/);
  });
});

describe('seed and db', () => {
  it('is idempotent: seeding twice leaves the same counts', async () => {
    const first = await platformJson(['seed']);
    const second = await platformJson(['seed']);
    const totals = (r: any) => Object.fromEntries(r.collections.map((c: any) => [c.collection, c.total]));
    expect(totals(second)).toEqual(totals(first));
    expect(second.collections.every((c: any) => c.inserted === 0 && c.updated === 0 && c.unchanged === c.documents)).toBe(true);
    const alice = await platformJson(['db', 'customers', '{"_id":"cus_alice"}']);
    expect(alice).toEqual([expect.objectContaining({ _id: 'cus_alice' })]);
  });

  it('loads a user EJSON file, updates changed documents and --reset empties first', async () => {
    const coll = `talk_${RUN}`;
    const file = join(tmp, 'data.json');
    writeFileSync(
      file,
      JSON.stringify({
        [coll]: [
          { _id: 'a', n: 1, at: { $date: '2025-01-01T00:00:00Z' } },
          { _id: 'b', n: 2 },
        ],
      }),
    );
    const r1 = await platformJson(['seed', '--file', file]);
    expect(r1.collections).toEqual([expect.objectContaining({ collection: coll, inserted: 2, total: 2 })]);
    writeFileSync(
      file,
      JSON.stringify({
        [coll]: [
          { _id: 'a', n: 10 },
          { _id: 'c', n: 3 },
        ],
      }),
    );
    const r2 = await platformJson(['seed', '--file', file]);
    expect(r2.collections[0]).toMatchObject({ inserted: 1, updated: 1, total: 3 });
    const r3 = await platformJson(['seed', '--file', file, '--reset']);
    expect(r3.collections[0]).toMatchObject({ deleted: 3, inserted: 2, total: 2 });
    const docs = await platformJson(['db', coll, '{"n":{"$gte":5}}']);
    expect(docs).toEqual([{ _id: 'a', n: 10 }]);
  });

  it('generates synthetic customers with --count, replacing the previous synthetic set', async () => {
    const counts = async () => Object.fromEntries((await platformJson(['db'])).map((c: any) => [c.collection, c.documents]));
    const a = await platformJson(['seed', '--count', '120']);
    const afterFirst = await counts();
    const b = await platformJson(['seed', '--count', '120']);
    const customers = (r: any) => r.collections.find((c: any) => c.collection === 'customers');
    expect(customers(a)).toMatchObject({ inserted: 120 });
    expect(customers(b)).toMatchObject({ inserted: 120, deleted: 120 });
    expect(await counts()).toEqual(afterFirst);
    expect(afterFirst.customers).toBeGreaterThanOrEqual(120);
    const docs = await platformJson(['db', 'payment_methods', '{"customerId":"cus_syn_00000007"}']);
    expect(docs).toHaveLength(1);
  });

  it('rejects malformed files and filters with exit 2, and unknown collections', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '{"c": [ {"_id": 1,, } ]}');
    const r = await platform(['seed', '--file', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/line 1, column 19/);
    expect((await platform(['db', 'customers', '{"a":'])).exitCode).toBe(2);
    const u = await platform(['db', `nosuch_${randomUUID().slice(0, 8)}`]);
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toMatch(/customers/);
  });
});
