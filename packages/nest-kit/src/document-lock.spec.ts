import { describe, expect, it } from 'vitest';
import { DocumentLocks, LockTimeoutError, retryDelayMs, type LockCollection } from './document-lock.js';

type LockDoc = { _id: string; token: string; owner: string; expiresAt: Date };

/** An in-memory lock collection with a unique _id, counting the round trips like a database would. */
function memoryCollection(latencyMs = 1) {
  const docs = new Map<string, LockDoc>();
  const calls = { insertOne: 0, deleteOne: 0, findOne: 0 };
  const tick = () => new Promise((r) => setTimeout(r, latencyMs));
  const coll: LockCollection = {
    async insertOne(doc) {
      calls.insertOne++;
      await tick();
      if (docs.has(doc._id)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      docs.set(doc._id, { ...doc });
    },
    async deleteOne(filter) {
      calls.deleteOne++;
      await tick();
      const doc = docs.get(filter._id as string);
      if (doc && (filter.token === undefined || filter.token === doc.token)) docs.delete(doc._id);
    },
    async findOne(filter) {
      calls.findOne++;
      await tick();
      return docs.get(filter._id) ?? null;
    },
  };
  return { coll, docs, calls };
}

describe('DocumentLocks', () => {
  it('lets one holder at a time run, across two "processes" sharing the collection', async () => {
    const { coll, docs } = memoryCollection();
    const a = new DocumentLocks(coll);
    const b = new DocumentLocks(coll);
    let inside = 0;
    let most = 0;
    let counter = 0;
    const work = (locks: DocumentLocks) => locks.withLock('k', async () => {
      inside++;
      most = Math.max(most, inside);
      const read = counter;
      await new Promise((r) => setTimeout(r, 2));
      counter = read + 1; // a lost update if two ran at once
      inside--;
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => work(i % 2 ? a : b)));
    expect(most).toBe(1);
    expect(counter).toBe(20);
    expect(docs.size).toBe(0);
  });

  it('queues waiters of the same process in memory: one insert and one delete each, no retries', async () => {
    const { coll, calls } = memoryCollection();
    const locks = new DocumentLocks(coll);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => locks.withLock('k', async () => void order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls.insertOne).toBe(10);
    expect(calls.deleteOne).toBe(10);
  });

  it('releases the lock when the work throws', async () => {
    const { coll, docs } = memoryCollection();
    const locks = new DocumentLocks(coll);
    await expect(locks.withLock('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(docs.size).toBe(0);
    expect(await locks.withLock('k', async () => 'next')).toBe('next');
  });

  it('takes over a lock whose holder died once its lease has expired, never a live one', async () => {
    const { coll, docs } = memoryCollection();
    docs.set('dead', { _id: 'dead', token: 't1', owner: 'gone', expiresAt: new Date(Date.now() - 1) });
    docs.set('live', { _id: 'live', token: 't2', owner: 'busy', expiresAt: new Date(Date.now() + 60_000) });
    const locks = new DocumentLocks(coll);
    expect(await locks.withLock('dead', async () => 'ran')).toBe('ran');
    await expect(locks.withLock('live', async () => 'ran', 150)).rejects.toBeInstanceOf(LockTimeoutError);
    expect(docs.get('live')?.token).toBe('t2');
  });

  it('times out a local waiter behind a slow holder without breaking the queue', async () => {
    const { coll } = memoryCollection();
    const locks = new DocumentLocks(coll);
    let release!: () => void;
    const slow = locks.withLock('k', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 10));
    await expect(locks.withLock('k', async () => 'late', 30)).rejects.toBeInstanceOf(LockTimeoutError);
    const third = locks.withLock('k', async () => 'third');
    release();
    await slow;
    expect(await third).toBe('third');
  });

  it('retries soon at first and backs off to a short cap, with jitter', () => {
    expect(retryDelayMs(0, () => 0)).toBe(0.5);
    expect(retryDelayMs(0, () => 1)).toBe(1);
    expect(retryDelayMs(3, () => 1)).toBe(8);
    expect(retryDelayMs(20, () => 1)).toBe(25);
    expect(retryDelayMs(20, () => 0)).toBe(12.5);
  });
});
