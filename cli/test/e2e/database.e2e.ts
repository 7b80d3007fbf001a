import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLauncher, mongoJavaServerCommand, MONGO_JAVA_SERVER_VERSION } from '../../src/infra/native/mongo.js';
import { lastProgress } from '../../src/supervisor/managed-process.js';
import { mongoAnswers, waitUntil } from '../../src/infra/readiness.js';
import { findExecutable } from '../../src/infra/tools.js';
import { cacheDir } from '../../src/stack/project.js';
import { DEMO_KEYS, OFFSET, ROOT, eventually, platform, platformJson, sleep, stack } from '../support/stack.js';

/**
 * The conformance suite: what the services, templates, `seed`, `db`, `reset` and the scenarios ask of
 * MongoDB, asserted as semantics (totals, counts, order), against each engine we can run here. The
 * engines run on their own ports and data folders, started from the project's own command lines.
 * docs/database.md tabulates the results.
 */

const JAVA_ENGINE = `mongo-java-server ${MONGO_JAVA_SERVER_VERSION}`;
// The mongoose the services run, not another copy.
const mongoose = createRequire(join(ROOT, 'services/payments/package.json'))('mongoose') as typeof import('mongoose');
const SNAPSHOT_EVERY_MS = 500;

/**
 * Waits until the engine's snapshot or journal holds this text (a value written just before): then
 * that change, and every one before it, survives a crash. A fixed sleep would assume how long a save
 * takes, and the engine spaces its saves out when they are slow (a cold JVM on a loaded machine).
 */
const onDisk = (dataDir: string, text: string) =>
  eventually(
    () =>
      ['snapshot.bson', 'journal.bson'].some((f) => {
        try {
          return readFileSync(join(dataDir, f)).includes(text);
        } catch {
          return false; // not written yet
        }
      }),
    20_000,
    50,
  ).catch(() => {
    throw new Error(`"${text}" was not saved to ${dataDir} within 20 s`);
  });

/** One database server owned by the suite: started, stopped (gracefully or as a crash), started again. */
class EngineProcess {
  private child?: ChildProcess;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'conformance-'));
  readonly url: string;

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly commandLine: (dataDir: string) => [string, string[]],
  ) {
    this.url = `mongodb://127.0.0.1:${port}/conformance`;
  }

  async start(): Promise<void> {
    const [command, args] = this.commandLine(this.dataDir);
    const log = openSync(this.logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    await waitUntil(
      () => mongoAnswers(this.url),
      120_000,
      250,
      () => child.exitCode === null,
    );
  }

  get logFile(): string {
    return join(this.dataDir, '..', `${this.name.replace(/\W+/g, '-')}-${this.port}.log`);
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  wipe(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Set once the launcher is built (beforeAll): the folder with its jar and classpath. */
let launcherLocation = '';
// Ports next to the stack's database port, so PLATFORM_PORT_OFFSET moves them with it.
const engines: { engine: EngineProcess | undefined; skip?: string }[] = [
  {
    engine: new EngineProcess(JAVA_ENGINE, 27017 + OFFSET + 1, (dataDir) =>
      mongoJavaServerCommand(launcherLocation, 27017 + OFFSET + 1, dataDir, ['--snapshot-every-ms', String(SNAPSHOT_EVERY_MS)]),
    ),
  },
  findExecutable('mongod')
    ? {
        engine: new EngineProcess('mongod', 27017 + OFFSET + 2, (dataDir) => [
          findExecutable('mongod')!,
          ['--bind_ip', '127.0.0.1', '--port', String(27017 + OFFSET + 2), '--dbpath', dataDir, '--quiet'],
        ]),
      }
    : {
        engine: undefined,
        skip: 'no `mongod` on PATH (MongoDB is not in the registries this machine reaches; install it to run this half)',
      },
];

for (const { engine, skip } of engines) {
  const name = engine?.name ?? 'mongod';
  (skip ? describe.skip : describe)(`conformance: ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let client: MongoClient;
    let db: Db;
    /** 16 separate clients, one connection each: concurrency as 16 service instances would make it. */
    let clients: MongoClient[];
    let n = 0;
    const fresh = () => db.collection(`c${++n}_${Date.now()}`);
    /** The _ids each query finds, in the order found: an index must not change what, nor the order. */
    const idsPerQuery = (coll: Collection, queries: Document[]) =>
      Promise.all(
        queries.map((q) =>
          coll
            .find(q)
            .map((d) => d._id)
            .toArray(),
        ),
      );
    const isJava = name === JAVA_ENGINE;

    beforeAll(async () => {
      if (isJava) launcherLocation = await installLauncher(cacheDir());
      await engine!.start();
      client = await new MongoClient(engine!.url).connect();
      db = client.db();
      clients = await Promise.all(Array.from({ length: 16 }, () => new MongoClient(engine!.url, { maxPoolSize: 1 }).connect()));
    }, 300_000);

    afterAll(async () => {
      await Promise.all([client, ...(clients ?? [])].map((c) => c?.close().catch(() => undefined)));
      await engine?.stop('SIGTERM');
      engine?.wipe();
    });

    const inEach = (coll: Collection) => clients.map((c) => c.db().collection(coll.collectionName));

    it('adds 16 clients x 100 concurrent $inc up to exactly 1,600', async () => {
      const coll = fresh();
      await coll.insertOne({ _id: 'counter' as never, n: 0 });
      await Promise.all(
        inEach(coll).map(async (c) => {
          for (let i = 0; i < 100; i++) await c.updateOne({ _id: 'counter' as never }, { $inc: { n: 1 } });
        }),
      );
      expect((await coll.findOne({ _id: 'counter' as never }))?.n).toBe(1600);
    });

    it('lets exactly as many guarded debits succeed as the balance covers, never going below zero', async () => {
      const coll = fresh();
      await coll.insertOne({ _id: 'acct' as never, balance: 100, held: 0 });
      const outcomes = await Promise.all(
        inEach(coll).map(async (c) => {
          let won = 0;
          for (let i = 0; i < 10; i++) {
            const before = await c.findOneAndUpdate(
              { _id: 'acct' as never, balance: { $gte: 7 } },
              { $inc: { balance: -7, held: 7 } },
              { returnDocument: 'after' },
            );
            if (before) {
              expect(before.balance).toBeGreaterThanOrEqual(0);
              won++;
            }
          }
          return won;
        }),
      );
      expect(outcomes.reduce((a, b) => a + b, 0)).toBe(14);
      expect(await coll.findOne({ _id: 'acct' as never })).toEqual({ _id: 'acct', balance: 2, held: 98 });
    });

    it('applies a filter that pins a unique key and adds guards to that one document only, and only while the guards hold', async () => {
      const coll = fresh();
      await coll.createIndex({ key: 1 }, { unique: true, sparse: true });
      await coll.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `a${i}` as never, key: `k${i}`, holds: [{ p: 'x' }], n: 0 })));
      expect(
        (await coll.updateOne({ _id: 'a7' as never, 'holds.p': { $ne: 'y' } }, { $push: { holds: { p: 'y' } }, $inc: { n: 1 } }))
          .modifiedCount,
      ).toBe(1);
      expect(
        (await coll.updateOne({ _id: 'a7' as never, 'holds.p': { $ne: 'y' } }, { $push: { holds: { p: 'y' } }, $inc: { n: 1 } }))
          .matchedCount,
      ).toBe(0);
      expect((await coll.updateOne({ key: 'k9', n: 0 }, { $inc: { n: 5 } })).modifiedCount).toBe(1);
      expect(await coll.findOne({ key: 'k9', n: { $gt: 1 } })).toMatchObject({ _id: 'a9', n: 5 });
      expect(await coll.findOne({ _id: 'a9' as never, key: 'k8' })).toBeNull();
      expect(await coll.findOne({ _id: 'nope' as never, n: 0 })).toBeNull();
      expect(
        await coll
          .find({ n: { $gt: 0 } }, { sort: { _id: 1 } })
          .map((d) => [d._id, d.n])
          .toArray(),
      ).toEqual([
        ['a7', 1],
        ['a9', 5],
      ]);
    });

    it('answers through a non-unique index exactly as a scan does: values of every type, ranges, $in, after updates and deletes', async () => {
      const indexed = fresh();
      const scanned = fresh();
      await indexed.createIndex({ v: 1 });
      await indexed.createIndex({ m: 1, at: -1 });
      const values: unknown[] = [
        0,
        1,
        1.0,
        2.5,
        -3,
        2 ** 40,
        'a',
        'b',
        '',
        new Date(5),
        new Date(50),
        true,
        false,
        null,
        [1, 'a'],
        [],
        { x: 1 },
      ];
      const docs = Array.from({ length: 120 }, (_, i) => {
        const doc: Record<string, unknown> = { _id: `d${i}`, m: `m${i % 3}`, at: new Date(i) };
        if (i % 19 !== 0) doc.v = values[i % values.length];
        return doc;
      });
      for (const coll of [indexed, scanned]) await coll.insertMany(docs.map((d) => ({ ...d })) as never[]);
      const queries: Document[] = [
        { v: 1 },
        { v: 'a' },
        { v: new Date(5) },
        { v: { $gt: 0 } },
        { v: { $gte: 1, $lt: 2 ** 40 } },
        { v: { $lte: 'a' } },
        { v: { $lt: new Date(40) } },
        { v: { $in: [0, 'b', false] } },
        { v: { $eq: 2.5 } },
        { v: null },
        { v: { $exists: false } },
        { v: { $gt: 0 }, m: 'm1' },
        { m: 'm2', at: { $gte: new Date(60) } },
        { m: { $in: ['m0', 'm2'] } },
      ];
      const answers = (coll: Collection) => idsPerQuery(coll, queries);
      // The same order too: an index changes what is read, not the order a scan meets it in.
      expect(await answers(indexed)).toEqual(await answers(scanned));
      for (const coll of [indexed, scanned]) {
        await coll.updateMany({ v: { $gt: 1 } }, { $set: { v: 'moved' } });
        await coll.updateOne({ _id: 'd0' as never }, { $set: { v: 7 } });
        await coll.deleteMany({ v: { $in: ['a', 0] } });
        await coll.insertOne({ _id: 'late' as never, v: 3, m: 'm1', at: new Date(1) });
      }
      expect(await answers(indexed)).toEqual(await answers(scanned));
      expect(await indexed.countDocuments({ v: 'moved' })).toBeGreaterThan(0);
    });

    it("answers through a multikey index on a dotted path through arrays exactly as a scan does (the ledger's hold sweep)", async () => {
      const indexed = fresh();
      const scanned = fresh();
      await indexed.createIndex({ 'h.at': 1 }, { sparse: true });
      const shapes: unknown[] = [
        [{ at: new Date(5) }, { at: new Date(50) }],
        [{ at: new Date(20) }],
        [],
        [{}],
        [{ at: null }],
        [{ at: [1, 7] }],
        [[{ at: 1 }]],
        [1, { at: 2 }],
        { at: 3 },
        { at: { deep: 1 } },
        'scalar',
        [{ at: 0 }, { at: 10 }],
        [{ at: 'x' }, { at: new Date(30) }],
      ];
      const docs = Array.from({ length: 60 }, (_, i) => {
        const doc: Record<string, unknown> = { _id: `h${i}` };
        if (i % 11 !== 0) doc.h = shapes[i % shapes.length];
        return doc;
      });
      for (const coll of [indexed, scanned]) await coll.insertMany(docs.map((d) => structuredClone(d)) as never[]);
      const queries: Document[] = [
        { 'h.at': { $lte: new Date(25) } },
        { 'h.at': new Date(5) },
        { 'h.at': { $gt: 1, $lt: 5 } },
        { 'h.at': { $gte: 2, $lte: 2 } },
        { 'h.at': { $in: [1, 3, 'x'] } },
        { 'h.at': 7 },
        { 'h.at': null },
        { 'h.at': { $exists: true } },
      ];
      const answers = (coll: Collection) => idsPerQuery(coll, queries);
      expect(await answers(indexed)).toEqual(await answers(scanned));
      const withArrays = docs.filter((d) => Array.isArray(d.h)).map((d) => d._id);
      for (const coll of [indexed, scanned]) {
        // What the ledger does to an account's holds: push one, pull one, then the array empties.
        await coll.updateMany({ 'h.at': { $lte: new Date(25) } }, { $push: { h: { at: new Date(99) } } as never });
        await coll.updateMany({ _id: { $in: withArrays } as never }, { $pull: { h: { at: new Date(5) } } as never });
        await coll.updateOne({ _id: 'h1' as never }, { $set: { h: [] } });
        await coll.deleteMany({ 'h.at': 3 });
      }
      expect(await answers(indexed)).toEqual(await answers(scanned));
      expect(await indexed.countDocuments({ 'h.at': new Date(99) })).toBeGreaterThan(0);
    });

    it('refuses a unique-index violation with E11000 (code 11000), one winner among 16 concurrent inserts', async () => {
      const coll = fresh();
      await coll.createIndex({ merchantId: 1, key: 1 }, { unique: true });
      await coll.insertOne({ merchantId: 'm1', key: 'k1' });
      await expect(coll.insertOne({ merchantId: 'm1', key: 'k1' })).rejects.toMatchObject({
        code: 11000,
        message: expect.stringMatching(/E11000/),
      });
      await coll.insertOne({ merchantId: 'm2', key: 'k1' });
      const results = await Promise.allSettled(inEach(coll).map((c) => c.insertOne({ merchantId: 'm3', key: 'race' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe(11000);
      expect(await coll.countDocuments({ merchantId: 'm3' })).toBe(1);
    });

    it('returns the document before or after a findOneAndUpdate, and inserts with upsert', async () => {
      const coll = fresh();
      await coll.insertOne({ _id: 'p' as never, status: 'pending', v: 1 });
      expect(
        await coll.findOneAndUpdate({ _id: 'p' as never }, { $set: { status: 'captured' }, $inc: { v: 1 } }, { returnDocument: 'before' }),
      ).toEqual({ _id: 'p', status: 'pending', v: 1 });
      expect(await coll.findOneAndUpdate({ _id: 'p' as never }, { $inc: { v: 1 } }, { returnDocument: 'after' })).toEqual({
        _id: 'p',
        status: 'captured',
        v: 3,
      });
      expect(await coll.findOneAndUpdate({ _id: 'p', status: 'pending' } as never, { $set: { status: 'failed' } })).toBeNull();
      expect(
        await coll.findOneAndUpdate({ _id: 'q' as never }, { $set: { status: 'new' } }, { upsert: true, returnDocument: 'after' }),
      ).toEqual({ _id: 'q', status: 'new' });
      expect(
        await coll.findOneAndUpdate({ _id: 'r' as never }, { $set: { status: 'new' } }, { upsert: true, returnDocument: 'before' }),
      ).toBeNull();
      expect(
        await coll.findOneAndUpdate(
          { _id: 'p' as never },
          { $set: { seen: true } },
          { returnDocument: 'after', projection: { status: 1 } },
        ),
      ).toEqual({ _id: 'p', status: 'captured' });
    });

    it('upserts with $setOnInsert once, even from 16 clients at once', async () => {
      const coll = fresh();
      const first = await coll.updateOne(
        { _id: 'u' as never },
        { $setOnInsert: { createdAt: new Date(0), kind: 'equity' }, $inc: { hits: 1 } },
        { upsert: true },
      );
      expect(first.upsertedCount).toBe(1);
      const second = await coll.updateOne(
        { _id: 'u' as never },
        { $setOnInsert: { createdAt: new Date(1), kind: 'other' }, $inc: { hits: 1 } },
        { upsert: true },
      );
      expect([second.upsertedCount, second.matchedCount]).toEqual([0, 1]);
      expect(await coll.findOne({ _id: 'u' as never })).toEqual({ _id: 'u', createdAt: new Date(0), kind: 'equity', hits: 2 });
      await Promise.all(
        inEach(coll).map((c) => c.updateOne({ _id: 'race' as never }, { $setOnInsert: { at: 1 }, $inc: { hits: 1 } }, { upsert: true })),
      );
      expect(await coll.find({ _id: 'race' as never }).toArray()).toEqual([{ _id: 'race', at: 1, hits: 16 }]);
    });

    it('runs the ledger aggregates ($match, $unwind, $group with $sum, by field and by compound key)', async () => {
      const coll = fresh();
      const posting = (id: string, from: string, to: string, amount: number, currency = 'EUR') => ({
        _id: id,
        accounts: [from, to],
        legs: [
          { account: from, currency, amount: -amount },
          { account: to, currency, amount },
        ],
      });
      await coll.insertMany([
        posting('p1', 'equity', 'alice', 10_000),
        posting('p2', 'alice', 'acme', 2500),
        posting('p3', 'alice', 'acme', 700, 'USD'),
        posting('p4', 'equity', 'bob', 300),
      ] as never[]);
      const balance = await coll
        .aggregate([
          { $match: { accounts: 'alice' } },
          { $unwind: '$legs' },
          { $match: { 'legs.account': 'alice' } },
          { $group: { _id: '$legs.currency', total: { $sum: '$legs.amount' } } },
        ])
        .toArray();
      expect(Object.fromEntries(balance.map((r) => [r._id, r.total]))).toEqual({ EUR: 7500, USD: -700 });
      const all = await coll
        .aggregate([
          { $unwind: '$legs' },
          { $group: { _id: { account: '$legs.account', currency: '$legs.currency' }, total: { $sum: '$legs.amount' } } },
        ])
        .toArray();
      expect(all.find((r) => r._id.account === 'acme' && r._id.currency === 'EUR')?.total).toBe(2500);
      expect(all).toHaveLength(6);
      const perCurrency = await coll
        .aggregate([{ $unwind: '$legs' }, { $group: { _id: '$legs.currency', total: { $sum: '$legs.amount' } } }])
        .toArray();
      expect(perCurrency.every((r) => r.total === 0)).toBe(true);
    });

    it('shows a change stream the insert and then the update, in order (mongod: only in a replica set)', async () => {
      const coll = fresh();
      await coll.insertOne({ _id: 'warmup' as never });
      const stream = coll.watch([], { fullDocument: 'updateLookup' });
      try {
        if (!isJava) {
          // `up` runs mongod standalone, and MongoDB serves change streams from a replica set's oplog only.
          return void (await expect(stream.tryNext()).rejects.toMatchObject({ code: 40573 }));
        }
        await stream.tryNext(); // opens the cursor before the writes
        await coll.insertOne({ _id: 'e1' as never, status: 'pending' });
        await coll.updateOne({ _id: 'e1' as never }, { $set: { status: 'captured' }, $unset: { hold: '' } });
        await coll.findOneAndUpdate({ _id: 'e1' as never }, { $set: { status: 'refunded' } });
        await coll.deleteOne({ _id: 'e1' as never });
        const events: Document[] = [];
        await eventually(
          async () => {
            const next = await stream.tryNext();
            if (next) events.push(next);
            return events.at(-1)?.operationType === 'delete';
          },
          20_000,
          50,
        );
        // mongo-java-server writes no oplog entry for findAndModify: that update is missing from the stream.
        expect(events.map((e) => e.operationType)).toEqual(['insert', 'update', 'delete']);
        expect(events.map((e) => e.documentKey._id)).toEqual(['e1', 'e1', 'e1']);
        expect(events[1].updateDescription).toMatchObject({ updatedFields: { status: 'captured' }, removedFields: ['hold'] });
      } finally {
        await stream.close();
      }
    });

    it('does what mongoose does at start-up: connect, listCollections, createIndexes, listIndexes, syncIndexes', async () => {
      const conn = await mongoose.createConnection(engine!.url, { autoIndex: false }).asPromise();
      try {
        const collection = `mongoose_${Date.now()}`;
        const schema = new mongoose.Schema(
          { merchantId: String, key: String, amount: Number, status: String },
          { collection, versionKey: false },
        );
        schema.index({ merchantId: 1, key: 1 }, { unique: true });
        schema.index({ status: 1 });
        await conn.db!.collection(collection).createIndex({ stale: 1 });
        const Model = conn.model('Conformance', schema);
        await Model.init();
        const dropped = await Model.syncIndexes();
        expect(dropped).toEqual(['stale_1']);
        const indexes = await Model.listIndexes();
        expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'merchantId_1_key_1', 'status_1']);
        expect(indexes.find((i) => i.name === 'merchantId_1_key_1')?.unique).toBe(true);
        expect((await conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toContain(collection);
        await Model.create({ merchantId: 'm', key: 'k', amount: 1 });
        await expect(Model.create({ merchantId: 'm', key: 'k', amount: 2 })).rejects.toMatchObject({ code: 11000 });
        const updated = await Model.findOneAndUpdate(
          { merchantId: 'm', key: 'k', amount: { $gte: 1 } },
          { $inc: { amount: -1 }, $set: { status: 'used' } },
          { returnDocument: 'after' },
        ).lean();
        expect(updated).toMatchObject({ amount: 0, status: 'used' });
      } finally {
        await conn.close();
      }
    });

    it("stores what nest-kit's insertLean (the services' hot-path insert) inserts exactly as Model.create stores it", async () => {
      const { insertLean } = (await import(
        join(ROOT, 'packages/nest-kit/dist/database/index.js')
      )) as typeof import('@platform/nest-kit/database');
      const conn = await mongoose.createConnection(engine!.url).asPromise();
      try {
        const entry = new mongoose.Schema(
          { id: String, at: Date, sentAt: { type: Date, default: null } },
          { _id: false, versionKey: false },
        );
        const schema = new mongoose.Schema(
          {
            _id: String,
            amount: Number,
            status: { type: String, default: 'new' },
            note: String,
            entries: { type: [entry], default: [] },
            extra: Object,
          },
          { collection: `lean_${Date.now()}`, versionKey: false, timestamps: true },
        );
        const Model = conn.model('LeanInsert', schema);
        await Model.init();
        const at = new Date('2026-01-02T03:04:05Z');
        const doc = (_id: string) => ({
          _id,
          amount: 5,
          note: undefined,
          entries: [{ id: 'e1', at }],
          extra: { kept: 1, dropped: undefined },
        });
        await Model.create(doc('created'));
        const returned = await insertLean(Model, doc('lean'));
        const [created, lean] = await Promise.all(
          ['created', 'lean'].map((id) => conn.db!.collection(Model.collection.name).findOne({ _id: id as never })),
        );
        const shape = ({ _id, createdAt, updatedAt, ...rest }: Document) => ({
          ...rest,
          createdAt: createdAt instanceof Date,
          updatedAt: updatedAt instanceof Date,
        });
        expect(shape(lean!)).toEqual(shape(created!));
        expect(shape(lean!)).toEqual({
          amount: 5,
          status: 'new',
          entries: [{ id: 'e1', at, sentAt: null }],
          extra: { kept: 1 },
          createdAt: true,
          updatedAt: true,
        });
        expect(returned).toMatchObject({ _id: 'lean', status: 'new', createdAt: lean!.createdAt });
        await expect(insertLean(Model, doc('lean'))).rejects.toMatchObject({ code: 11000 });
      } finally {
        await conn.close();
      }
    });

    it('counts, distincts, deletes by regex, bulk-upserts, inserts many, and queries with $in/$ne/$exists/$gt/$lt, $push/$pull/$unset', async () => {
      const coll = fresh();
      await coll.insertMany(
        Array.from({ length: 10 }, (_, i) => ({
          _id: `syn_${i}`,
          amount: i * 100,
          currency: i % 2 ? 'EUR' : 'USD',
          status: i < 3 ? 'failed' : 'captured',
        })) as never[],
      );
      expect(await coll.countDocuments({ status: 'captured' })).toBe(7);
      expect(await coll.estimatedDocumentCount()).toBe(10);
      expect((await coll.distinct('currency')).sort()).toEqual(['EUR', 'USD']);
      expect(
        await coll
          .find({ amount: { $gt: 100, $lt: 500 }, currency: { $in: ['EUR'] }, status: { $ne: 'failed' } })
          .sort({ amount: -1 })
          .toArray(),
      ).toEqual([{ _id: 'syn_3', amount: 300, currency: 'EUR', status: 'captured' }]);
      const bulk = await coll.bulkWrite(
        [
          { replaceOne: { filter: { _id: 'syn_1' as never }, replacement: { amount: 1, tag: 'x' }, upsert: true } },
          { replaceOne: { filter: { _id: 'new_1' as never }, replacement: { amount: 2 }, upsert: true } },
        ],
        { ordered: false },
      );
      expect([bulk.matchedCount, bulk.upsertedCount]).toEqual([1, 1]);
      expect(await coll.countDocuments({ tag: { $exists: true } })).toBe(1);
      await coll.updateOne(
        { _id: 'new_1' as never },
        {
          $push: {
            refunds: {
              $each: [
                { id: 'r1', amount: 1 },
                { id: 'r2', amount: 1 },
              ],
            },
          },
        },
      );
      await coll.updateOne({ _id: 'new_1' as never }, { $pull: { refunds: { id: 'r1' } }, $unset: { amount: '' } });
      expect(await coll.findOne({ _id: 'new_1' as never })).toEqual({ _id: 'new_1', refunds: [{ id: 'r2', amount: 1 }] });
      expect((await coll.deleteMany({ _id: { $regex: '^syn_' } as never })).deletedCount).toBe(10);
      expect(await coll.countDocuments({})).toBe(1);
    });

    it('enforces a sparse unique index on an optional field; (ours) ignores partialFilterExpression', async () => {
      const sparse = fresh();
      await sparse.createIndex({ ref: 1 }, { unique: true, sparse: true });
      await sparse.insertMany([{ n: 1 }, { n: 2 }, { ref: 'a' }]);
      await expect(sparse.insertOne({ ref: 'a' })).rejects.toMatchObject({ code: 11000 });
      const partial = fresh();
      await partial.createIndex({ ref: 1 }, { unique: true, partialFilterExpression: { ref: { $exists: true } } });
      await partial.insertOne({ n: 1 });
      const second = partial.insertOne({ n: 2 });
      if (isJava) await expect(second).rejects.toMatchObject({ code: 11000 });
      else await expect(second).resolves.toBeTruthy();
    });

    it('refuses multi-document transactions (a replica set is needed; neither engine runs as one here)', async () => {
      const session = client.startSession();
      try {
        await expect(session.withTransaction(() => fresh().insertOne({ n: 1 }, { session }))).rejects.toThrow(/sessions|replica set/);
      } finally {
        await session.endSession();
      }
    });

    it('answers an operator it lacks with an error naming the operator, the operation and (ours) the engine', async () => {
      const coll = fresh();
      await coll.insertMany([{ n: 1 }, { n: 2 }]);
      const windowed = coll.aggregate([{ $setWindowFields: { sortBy: { n: 1 }, output: { rank: { $documentNumber: {} } } } }]).toArray();
      if (isJava) {
        await expect(windowed).rejects.toMatchObject({
          code: 40324,
          message: expect.stringMatching(new RegExp(`\\$setWindowFields.*not supported by ${JAVA_ENGINE}.*operation: aggregate`)),
        });
        await expect(coll.find({ n: { $bitsAllSet: 1 } }).toArray()).rejects.toThrow(
          new RegExp(`unknown operator: \\$bitsAllSet.*${JAVA_ENGINE}.*operation: find`),
        );
        await expect(coll.updateOne({ n: 1 }, [{ $set: { m: 1 } }])).rejects.toThrow(new RegExp(`${JAVA_ENGINE}.*operation: update`));
        expect(await coll.countDocuments({ m: { $exists: true } })).toBe(0);
      } else {
        expect(await windowed).toHaveLength(2);
      }
    });

    it('refuses a document over 16 MiB, and keeps nothing of it', async () => {
      const coll = fresh();
      await expect(coll.insertOne({ _id: 'huge' as never, blob: 'x'.repeat(17 * 2 ** 20) })).rejects.toThrow();
      expect(await coll.countDocuments({})).toBe(0);
    });

    it.runIf(isJava)(
      'keeps its data, unique indexes included, across a graceful stop, and across a crash once a snapshot interval has passed',
      async () => {
        const coll = fresh();
        await coll.createIndex({ email: 1 }, { unique: true });
        await coll.insertMany([
          { _id: 'a' as never, email: 'a@x', at: new Date(5) },
          { _id: 'b' as never, email: 'b@x', big: 2 ** 40 },
        ]);
        await client.close();
        await engine!.stop('SIGTERM');
        const logBefore = readFileSync(engine!.logFile, 'utf8').length;
        await engine!.start();
        // While it loads, it says so in the form the supervisor shows in `status` and `up`.
        expect(lastProgress(readFileSync(engine!.logFile, 'utf8').slice(logBefore))).toMatch(
          /^restoring \d+\.\d [KM]B of data: \d+% \(\d[\d,]* documents\)$/,
        );
        client = await new MongoClient(engine!.url).connect();
        db = client.db();
        const again = db.collection(coll.collectionName);
        expect(await again.find({}).sort({ _id: 1 }).toArray()).toEqual([
          { _id: 'a', email: 'a@x', at: new Date(5) },
          { _id: 'b', email: 'b@x', big: 2 ** 40 },
        ]);
        await expect(again.insertOne({ email: 'a@x' })).rejects.toMatchObject({ code: 11000 });

        await again.updateOne({ _id: 'a' as never }, { $set: { email: 'a2@x' } });
        await onDisk(engine!.dataDir, 'a2@x');
        await client.close();
        await engine!.stop('SIGKILL');
        await engine!.start();
        client = await new MongoClient(engine!.url).connect();
        db = client.db();
        expect((await db.collection(coll.collectionName).findOne({ _id: 'a' as never }))?.email).toBe('a2@x');
        // clients of the other tests reconnect by themselves
      },
    );

    it.runIf(isJava)(
      'saves document changes to its journal, not a new snapshot, and replays them after crashes, a torn last entry included',
      async () => {
        const reconnect = async () => {
          await engine!.start();
          client = await new MongoClient(engine!.url).connect();
          db = client.db();
        };
        const crash = async () => {
          await client.close();
          await engine!.stop('SIGKILL');
        };
        const coll = fresh();
        await coll.createIndex({ email: 1 }, { unique: true });
        await coll.insertMany([
          { _id: 'a' as never, email: 'a@x', n: 1 },
          { _id: 'b' as never, email: 'b@x' },
          { _id: 'c' as never, email: 'c@x' },
        ]);
        await onDisk(engine!.dataDir, 'c@x'); // a new index: a full snapshot
        const snapshot = join(engine!.dataDir, 'snapshot.bson');
        const journal = join(engine!.dataDir, 'journal.bson');
        const snapshotTime = statSync(snapshot).mtimeMs;
        const journalSize = statSync(journal).size;

        // What mongoose asks at every service start, for an index and a collection that exist: no change.
        await coll.createIndex({ email: 1 }, { unique: true });
        await expect(db.createCollection(coll.collectionName)).rejects.toMatchObject({ code: 48 });
        await coll.updateOne({ _id: 'a' as never }, { $inc: { n: 1 } });
        await coll.deleteOne({ _id: 'b' as never });
        // b's unique email is free again: a replay must remove b before it adds d.
        await coll.insertOne({ _id: 'd' as never, email: 'b@x' });
        const other = `${coll.collectionName}_new`;
        await db.collection(other).insertOne({ _id: 'x' as never });
        await onDisk(engine!.dataDir, other); // the last change: the ones before it are saved too
        expect(statSync(snapshot).mtimeMs, 'a document change or an existing index rewrote the whole snapshot').toBe(snapshotTime);
        expect(statSync(journal).size).toBeGreaterThan(journalSize);
        await crash();
        await reconnect();
        const again = db.collection(coll.collectionName);
        expect(await again.find({}).sort({ _id: 1 }).toArray()).toEqual([
          { _id: 'a', email: 'a@x', n: 2 },
          { _id: 'c', email: 'c@x' },
          { _id: 'd', email: 'b@x' },
        ]);
        expect(await db.collection(other).countDocuments({})).toBe(1);
        await expect(again.insertOne({ email: 'c@x' })).rejects.toMatchObject({ code: 11000 });

        // A journal read whole goes on after the restart: the next change is appended to it, and
        // the snapshot (seconds of work on a large database) is not rewritten.
        const replayed = statSync(journal).size;
        await again.updateOne({ _id: 'a' as never }, { $inc: { n: 1 }, $set: { step: 'after-replay' } });
        await onDisk(engine!.dataDir, 'after-replay');
        expect(statSync(snapshot).mtimeMs, 'the first change after a replay rewrote the whole snapshot').toBe(snapshotTime);
        expect(statSync(journal).size).toBeGreaterThan(replayed);
        await crash();
        await reconnect();
        expect((await db.collection(coll.collectionName).findOne({ _id: 'a' as never }))?.n).toBe(3);

        // A crash in the middle of an append leaves a torn entry at the end: it is dropped, the rest kept,
        // and what is written after the restart is saved too.
        await db.collection(coll.collectionName).updateOne({ _id: 'c' as never }, { $set: { email: 'c2@x' } });
        await onDisk(engine!.dataDir, 'c2@x');
        await crash();
        appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 3, 0x65]));
        await reconnect();
        expect((await db.collection(coll.collectionName).findOne({ _id: 'c' as never }))?.email).toBe('c2@x');
        await db.collection(coll.collectionName).insertOne({ _id: 'e' as never, email: 'e@x' });
        await onDisk(engine!.dataDir, 'e@x');
        // Not appended behind the torn bytes (the next restore could not read past them): a new snapshot.
        expect(statSync(snapshot).mtimeMs).toBeGreaterThan(snapshotTime);
        await crash();
        await reconnect();
        expect(await db.collection(coll.collectionName).distinct('_id')).toEqual(['a', 'c', 'd', 'e']);
      },
    );

    it.runIf(isJava)(
      'writes a new snapshot once the journal removes most of the old one (a reset after a bench), without waiting for another change',
      async () => {
        const coll = fresh();
        await coll.insertMany(Array.from({ length: 12_000 }, (_, i) => ({ _id: `bulk${i}` as never, n: i })));
        await coll.insertOne({ _id: 'keep' as never, mark: 'kept-after-reset' });
        const snapshot = join(engine!.dataDir, 'snapshot.bson');
        const journal = join(engine!.dataDir, 'journal.bson');
        await onDisk(engine!.dataDir, 'kept-after-reset');
        const full = statSync(snapshot).size + statSync(journal).size;
        await coll.deleteMany({ _id: { $ne: 'keep' } as never });
        // The removals are journaled; the save after that finds them half the snapshot or more and
        // writes the live data as a new snapshot, with no other write to prompt it.
        await eventually(() => statSync(snapshot).size + statSync(journal).size < full / 4, 20_000, 100).catch(() => {
          throw new Error(`the data files still hold ${statSync(snapshot).size + statSync(journal).size} bytes (${full} before)`);
        });
        await client.close();
        await engine!.stop('SIGKILL');
        await engine!.start();
        client = await new MongoClient(engine!.url).connect();
        db = client.db();
        expect(await db.collection(coll.collectionName).find({}).toArray()).toEqual([{ _id: 'keep', mark: 'kept-after-reset' }]);
      },
    );

    it.runIf(isJava)('logs nothing when a client drops its connection without closing it (a killed service)', async () => {
      const before = readFileSync(engine!.logFile, 'utf8').length;
      // A reset, as the kernel sends for a process killed with data in flight.
      const socket = connect(Number(new URL(engine!.url).port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.resetAndDestroy();
      await sleep(1000);
      expect(readFileSync(engine!.logFile, 'utf8').slice(before)).toBe('');
      expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    });

    it.runIf(isJava)('starts empty once its data folder is deleted (what `platform down --volumes` does)', async () => {
      const coll = fresh();
      await coll.insertOne({ _id: 'gone' as never });
      await client.close();
      await engine!.stop('SIGTERM');
      expect(existsSync(join(engine!.dataDir, 'snapshot.bson'))).toBe(true);
      rmSync(engine!.dataDir, { recursive: true, force: true });
      await engine!.start();
      client = await new MongoClient(engine!.url).connect();
      db = client.db();
      expect(await db.collection(coll.collectionName).countDocuments({})).toBe(0);
    });
  });
}

describe(`${JAVA_ENGINE} near the end of its heap`, () => {
  // A small heap and a low limit, so the suite fills it in seconds; `up` runs 3 GiB and 0.9.
  const port = 27017 + OFFSET + 3;
  const engine = new EngineProcess(`${JAVA_ENGINE} (small heap)`, port, (dataDir) =>
    mongoJavaServerCommand(launcherLocation, port, dataDir, ['--heap-limit', '0.5'], '128m'),
  );
  let client: MongoClient;
  beforeAll(async () => {
    launcherLocation = await installLauncher(cacheDir());
    await engine.start();
    client = await new MongoClient(engine.url).connect();
  }, 300_000);
  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await engine.stop('SIGTERM');
    engine.wipe();
  });

  it('refuses writes that add data with OutOfDiskSpace, naming the fix; reads and deletes still work, and room made is usable again', async () => {
    const coll = client.db().collection('filler');
    const batch = (k: number) => Array.from({ length: 500 }, (_, i) => ({ _id: `${k}-${i}`, pad: 'x'.repeat(2048) }));
    let refused: (Error & { code?: number }) | undefined;
    let written = 0;
    // 64 MB of data at most: 1 MB batches reach it long before 400.
    for (let k = 0; k < 400 && !refused; k++) {
      try {
        await coll.insertMany(batch(k) as never[], { ordered: true });
        written += 500;
      } catch (e) {
        refused = e as Error & { code?: number };
      }
    }
    expect(refused, `${written} documents written and none refused`).toBeDefined();
    expect(refused!.code).toBe(14031);
    expect(refused!.message).toMatch(/the native database is full: its data fills \d+ of the \d+ MB it may use/);
    expect(refused!.message).toMatch(/platform down --volumes/);
    // Nothing of the refused batch was written; what was written is still there and readable.
    expect(await coll.countDocuments({})).toBe(written);
    const status = await client.db('admin').command({ serverStatus: 1 });
    // The limit is half of the heap (--heap-limit 0.5), the heap what -Xmx gave.
    expect(status.platformHeap.maxMB).toBeGreaterThan(100);
    expect(status.platformHeap.maxMB).toBeLessThanOrEqual(128);
    expect(Math.abs(status.platformHeap.limitMB - status.platformHeap.maxMB / 2)).toBeLessThanOrEqual(1);
    expect(refused!.message).toContain(`of the ${status.platformHeap.limitMB} MB it may use`);
    // Deleting makes room; the guard looks again (after a collection) and takes writes.
    await coll.deleteMany({});
    await eventually(() => coll.insertOne({ _id: 'after' as never }).then(() => true), 20_000, 500);
    expect(await coll.countDocuments({})).toBe(1);
  }, 180_000);
});

describe('the stack database (`platform up`)', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(stack.mongoUrl).connect();
  });
  afterAll(() => client?.close());

  const counts = async () => {
    const db = client.db();
    const names = ['customers', 'payment_methods', 'ledger_accounts', 'ledger_postings', 'payments'];
    return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments({})])));
  };

  it('names the engine in status and doctor', async () => {
    const status = await platformJson<{ processes: { name: string; address: string }[] }>(['status']);
    const engine = findExecutable('mongod') ? 'mongod' : JAVA_ENGINE;
    expect(status.processes.find((p) => p.name === 'mongo')?.address).toBe(`127.0.0.1:${27017 + OFFSET} (${engine})`);
    const doctor = await platformJson<{ checks: { name: string; detail: string }[] }>(['doctor']);
    expect(doctor.checks.find((c) => c.name === 'database')?.detail).toMatch(new RegExp(`^${engine}`));
    expect(doctor.checks.find((c) => c.name === 'stack')?.detail).toContain(`database 127.0.0.1:${27017 + OFFSET} (${engine})`);
    // The native engine's data lives in memory: doctor says how full it is (mongod has no such limit).
    const memory = doctor.checks.find((c) => c.name === 'database memory');
    if (engine === JAVA_ENGINE) expect(memory?.detail).toMatch(/^\d+ of the \d+ MB the native database may fill \(\d+%/);
    else expect(memory).toBeUndefined();
  });

  it('keeps seeded data and payments across `platform restart mongo` and a crash of the database (`platform kill mongo`)', async () => {
    const pay = await fetch(`${stack.gatewayUrl}/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${DEMO_KEYS.m_acme}`,
        'idempotency-key': `db-survives-${Date.now()}`,
      },
      body: JSON.stringify({ amount: 100, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa' }),
    });
    expect(pay.status).toBe(201);
    // The ledger posts the payment's event a moment later: count once that has settled.
    const { id } = (await pay.json()) as { id: string };
    await eventually(async () => (await client.db().collection('ledger_postings').countDocuments({ paymentId: id })) > 0, 30_000, 200);
    const before = await counts();
    expect(before.customers).toBeGreaterThan(0);

    const restart = await platform(['restart', 'mongo']);
    expect(restart.exitCode, restart.stderr).toBe(0);
    expect(await counts()).toEqual(before);

    await sleep(3000); // past the snapshot interval: a crash now loses nothing
    const kill = await platform(['kill', 'mongo']);
    expect(kill.exitCode, kill.stderr).toBe(0);
    await eventually(
      async () =>
        (await platformJson<{ processes: { name: string; state: string }[] }>(['status'])).processes.every((p) => p.state === 'healthy'),
      90_000,
      500,
    );
    expect(await counts()).toEqual(before);
  });

  it('names the engine and the operation when `db` asks for an operator the engine lacks', async () => {
    const r = await platform(['db', 'payments', '{"amount":{"$bitsAllSet":1}}']);
    if (findExecutable('mongod')) return void expect(r.exitCode).toBe(0);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`the database refused find on payments: unknown operator: \\$bitsAllSet.*${JAVA_ENGINE}`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to seed a document no engine can store, naming it, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ conformance_seed: [{ _id: 'small' }, { _id: 'huge', blob: 'x'.repeat(17 * 2 ** 20) }] }));
    const r = await platform(['seed', '--file', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/conformance_seed\[1\] is 17\.0 MiB; a MongoDB document holds at most 16 MiB/);
    expect(await client.db().collection('conformance_seed').countDocuments({})).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
