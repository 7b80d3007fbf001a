import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** The calls a lock needs; a MongoDB driver or mongoose collection fits. */
export interface LockCollection {
  insertOne(doc: { _id: string; token: string; owner: string; expiresAt: Date }): Promise<unknown>;
  deleteOne(filter: Record<string, unknown>): Promise<unknown>;
  findOne(filter: { _id: string }): Promise<{ token?: string; expiresAt?: Date } | null>;
}

export class LockTimeoutError extends Error {}

/** Retry delays after a refused insert: immediate-ish at first, capped, with full jitter. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const cap = Math.min(1 * 2 ** attempt, 25);
  return cap * (0.5 + random() / 2);
}

/**
 * Mutual exclusion per document key, across processes, built on the one write FerretDB v1 does
 * atomically: an insert against a unique `_id`. Needed because FerretDB 1.24 (SQLite backend)
 * runs update and findAndModify as read, modify in Go, write back by `_id`, so two concurrent
 * conditional updates can both "match" and the second silently overwrites the first.
 * Every writer of a document that is updated concurrently must take its lock.
 *
 * Cheap on purpose (the database has one writer, every round trip counts):
 * - waiters in the same process queue in memory and take over the moment the holder is done, so
 *   only one of them at a time competes in the database, and never with a fixed sleep;
 * - a refused insert is retried after a short jittered backoff (about 1, 2, 4 ... 25 ms);
 * - a holder that died leaves a lock that is removed once its lease has expired: checked with a
 *   read by `_id` (FerretDB only pushes `_id`-only filters down; anything else scans the table),
 *   and deleted by `_id` + its token, so a fresh lock of someone else is never removed.
 */
export class DocumentLocks {
  private readonly owner = `${hostname()}:${process.pid}`;
  /** Per key, the tail of the in-process queue: resolves when the last local holder is done. */
  private readonly local = new Map<string, Promise<void>>();

  constructor(private readonly collection: LockCollection, private readonly leaseMs = 10_000) {}

  async withLock<T>(key: string, fn: () => Promise<T>, waitMs = 5_000): Promise<T> {
    const deadline = Date.now() + waitMs;
    // In-process queue first: chain behind the last local holder of this key.
    const previous = this.local.get(key);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.local.set(key, tail);
    try {
      if (previous) await waitUntil(previous, deadline, key, waitMs);
      const token = await this.acquire(key, deadline, waitMs);
      try {
        return await fn();
      } finally {
        await this.collection.deleteOne({ _id: key, token }).catch(() => undefined);
      }
    } finally {
      done();
      if (this.local.get(key) === tail) this.local.delete(key);
    }
  }

  private async acquire(key: string, deadline: number, waitMs: number): Promise<string> {
    const token = randomUUID();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.collection.insertOne({ _id: key, token, owner: this.owner, expiresAt: new Date(Date.now() + this.leaseMs) });
        return token;
      } catch (e) {
        if ((e as { code?: number }).code !== 11000) throw e;
      }
      // Someone else (another process) holds it. Every few attempts, see whether its lease ran out.
      if (attempt % 4 === 3) {
        const held = await this.collection.findOne({ _id: key });
        if (!held) continue;
        if (held.expiresAt && held.expiresAt.getTime() < Date.now()) {
          await this.collection.deleteOne({ _id: key, token: held.token });
          continue;
        }
      }
      if (Date.now() > deadline) throw new LockTimeoutError(`${key} stayed locked for ${waitMs} ms`);
      await sleep(retryDelayMs(attempt));
    }
  }
}

/** Waits for the local holder ahead of us, but no longer than the caller's deadline. */
async function waitUntil(previous: Promise<void>, deadline: number, key: string, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LockTimeoutError(`${key} stayed locked for ${waitMs} ms`)), Math.max(0, deadline - Date.now()));
  });
  try {
    await Promise.race([previous, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
