/**
 * The database of the running stack (state.mongoUrl) or --mongo-url, with CLI-sized timeouts.
 *
 *   resolveMongoUrl(flag?): Promise<string>
 *   withDb(url, fn: (db, client) => T): Promise<T>    connects, runs, closes; unreachable -> exit 3
 */
import { MongoClient, type Db } from 'mongodb';
import { unreachableError, usageError } from '../../errors.js';
import { projectPaths } from '../../stack/project.js';
import { liveState } from '../../supervisor/client.js';

export async function resolveMongoUrl(flag?: string, stateDir?: string): Promise<string> {
  if (flag) {
    if (!/^mongodb(\+srv)?:\/\//.test(flag)) throw usageError(`--mongo-url "${flag}" is not a mongodb:// URL`);
    return flag;
  }
  const state = await liveState(stateDir ?? projectPaths().stateDir);
  if (!state?.mongoUrl) throw unreachableError('no database to talk to: the stack is not running', 'start it with `platform up`, or pass --mongo-url');
  return state.mongoUrl;
}

export async function withDb<T>(url: string, fn: (db: Db, client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000 });
  try {
    await client.connect();
  } catch (e) {
    await client.close().catch(() => undefined);
    throw unreachableError(`cannot reach the database at ${url}: ${(e as Error).message}`, 'start the stack with `platform up` (check `platform status`), or pass --mongo-url');
  }
  try {
    return await fn(client.db(), client);
  } finally {
    await client.close().catch(() => undefined);
  }
}
