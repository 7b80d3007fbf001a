import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** The two calls a lock needs; a MongoDB driver or mongoose collection fits. */
export interface LockCollection {
  insertOne(doc: { _id: string; token: string; owner: string; expiresAt: Date }): Promise<unknown>;
  deleteOne(filter: Record<string, unknown>): Promise<unknown>;
}

export class LockTimeoutError extends Error {}

/**
 * Mutual exclusion per document key, across processes, built on the one write FerretDB v1 does
 * atomically: an insert against a unique `_id`. Needed because FerretDB 1.24 (SQLite backend)
 * runs update and findAndModify as read, modify in Go, write back by `_id`, so two concurrent
 * conditional updates can both "match" and the second silently overwrites the first.
 * Every writer of a document that is updated concurrently must take its lock.
 * A holder that dies leaves a lock that others remove once its lease has expired.
 */
export class DocumentLocks {
  private readonly owner = `${hostname()}:${process.pid}`;

  constructor(private readonly collection: LockCollection, private readonly leaseMs = 10_000) {}

  async withLock<T>(key: string, fn: () => Promise<T>, waitMs = 5_000): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.collection.insertOne({ _id: key, token, owner: this.owner, expiresAt: new Date(Date.now() + this.leaseMs) });
        break;
      } catch (e) {
        if ((e as { code?: number }).code !== 11000) throw e;
      }
      await this.collection.deleteOne({ _id: key, expiresAt: { $lt: new Date() } });
      if (Date.now() > deadline) throw new LockTimeoutError(`${key} stayed locked for ${waitMs} ms`);
      await sleep(Math.min(4 * 2 ** attempt, 40) * (0.5 + Math.random()));
    }
    try {
      return await fn();
    } finally {
      await this.collection.deleteOne({ _id: key, token }).catch(() => undefined);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
