/**
 * The database of the running stack (state.mongoUrl) or --mongo-url, with CLI-sized timeouts.
 *
 *   resolveMongoUrl(flag?): Promise<string>
 *   withDb(url, fn: (db, client) => T): Promise<T>    connects, runs, closes; unreachable -> exit 3
 *   engineName(db): Promise<string>                   "mongo-java-server 1.47.0", "MongoDB 7.0.14", ...
 *   refusal(db, operation, error): Promise<Error>     a server's refusal as exit 1 naming engine and operation
 */
import { MongoBulkWriteError, MongoClient, MongoServerError, type Db } from 'mongodb';
import { failedError, unreachableError, usageError } from '../../errors.js';
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

/** Which server answers: our launcher says so in buildInfo; FerretDB adds its own version; else MongoDB's. */
export async function engineName(db: Db): Promise<string> {
  const info = await db.admin().command({ buildInfo: 1 }).catch(() => undefined);
  if (typeof info?.platformEngine === 'string') return info.platformEngine;
  if (info?.ferretdbVersion) return `FerretDB ${info.ferretdbVersion}`;
  return info?.version ? `MongoDB ${info.version}` : 'the database';
}

/**
 * What the server refused (an operator it lacks, a duplicate key...) as a failure that names the
 * engine and the operation; anything else (our own errors, bugs) passes through unchanged.
 */
export async function refusal(db: Db, operation: string, e: unknown): Promise<Error> {
  if (!(e instanceof MongoServerError || e instanceof MongoBulkWriteError)) return e as Error;
  const engine = await engineName(db);
  const reason = e.message.includes(engine) ? e.message : `${e.message} (${engine})`;
  return failedError(`the database refused ${operation}: ${reason}`);
}
