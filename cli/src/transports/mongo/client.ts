/**
 * The one place a MongoClient is built: the database of the running stack (state.mongoUrl) or
 * --mongo-url, with timeouts from a named profile.
 *
 *   resolveMongoUrl(flag?): Promise<string>
 *   connectMongo(url, profile?): Promise<MongoClient> connected; unreachable -> exit 3
 *   withDb(url, fn: (db, client) => T, profile?): Promise<T>    connects, runs, closes
 *   engineName(db): Promise<string>                   "mongo-java-server 1.47.0", "MongoDB 7.0.14", ...
 *   refusal(db, operation, error): Promise<Error>     a server's refusal as exit 1 naming engine and operation
 */
import { MongoBulkWriteError, MongoClient, MongoServerError, type Db } from 'mongodb';
import { failedError, unreachableError, usageError } from '../../errors.js';
import { projectPaths } from '../../stack/project.js';
import { liveState } from '../../stack/live.js';

export async function resolveMongoUrl(flag?: string, stateDir?: string): Promise<string> {
  if (flag) {
    if (!/^mongodb(\+srv)?:\/\//.test(flag)) throw usageError(`--mongo-url "${flag}" is not a mongodb:// URL`);
    return flag;
  }
  const state = await liveState(stateDir ?? projectPaths().stateDir);
  if (!state?.mongoUrl)
    throw unreachableError('no database to talk to: the stack is not running', 'start it with `platform up`, or pass --mongo-url');
  return state.mongoUrl;
}

/** Milliseconds to find and connect to the server: probe for readiness, cli for a command, session for a demo's run. */
export const MONGO_PROFILES = { probe: 2000, cli: 3000, session: 5000 } as const;

export type MongoProfile = keyof typeof MONGO_PROFILES;

export async function connectMongo(url: string, profile: MongoProfile = 'cli'): Promise<MongoClient> {
  const ms = MONGO_PROFILES[profile];
  const client = new MongoClient(url, { serverSelectionTimeoutMS: ms, connectTimeoutMS: ms });
  try {
    return await client.connect();
  } catch (e) {
    await client.close().catch(() => undefined);
    throw unreachableError(
      `cannot reach the database at ${url}: ${(e as Error).message}`,
      'start the stack with `platform up` (check `platform status`), or pass --mongo-url',
    );
  }
}

export async function withDb<T>(url: string, fn: (db: Db, client: MongoClient) => Promise<T>, profile: MongoProfile = 'cli'): Promise<T> {
  const client = await connectMongo(url, profile);
  try {
    return await fn(client.db(), client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Which server answers: our launcher says so in buildInfo; FerretDB adds its own version; else MongoDB's. */
export async function engineName(db: Db): Promise<string> {
  const info = await db
    .admin()
    .command({ buildInfo: 1 })
    .catch(() => undefined);
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
