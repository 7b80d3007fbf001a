import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExitCode, PlatformError, usageError } from '../errors.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import type { DashboardContext } from './context.js';

export interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters (`:name` segments). */
  params: Record<string, string>;
  /** The JSON body of a POST (at most 8 MB: a 1 MB message, escaped, with room to spare). */
  body<T = Record<string, unknown>>(): Promise<T>;
  ctx: DashboardContext;
}

/** A handler answers JSON by returning a value, or takes the response over (streams) and returns `undefined` after writing. */
export type Handler = (r: Request) => Promise<unknown> | unknown;
export type Routes = Record<string, Handler>;

const MAX_BODY = 8 * 1024 * 1024;

/** The JSON body of a request; a body that is too large or not JSON is the caller's mistake (400). */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let text: string;
  try {
    text = (await readBody(req, MAX_BODY)).toString('utf8');
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw usageError(`the request body is larger than ${MAX_BODY / 1024 / 1024} MB`);
    throw e;
  }
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw usageError('the request body is not JSON');
  }
}

/** `GET /api/kafka/topics/:name` style keys; the first route whose method and segments fit wins. */
export function match(routes: Routes, method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
  const segs = path.split('/');
  for (const [key, handler] of Object.entries(routes)) {
    const [m, pattern] = key.split(' ');
    if (m !== method) continue;
    const want = pattern.split('/');
    if (want.length !== segs.length) continue;
    const params: Record<string, string> = {};
    if (want.every((w, i) => (w.startsWith(':') ? ((params[w.slice(1)] = decodeURIComponent(segs[i])), segs[i] !== '') : w === segs[i])))
      return { handler, params };
  }
  return undefined;
}

/** A user's mistake is a 400 with its message and hint; an unreachable part is a 503; the rest 500. */
export function errorReply(e: unknown): { status: number; body: { error: string; hint?: string } } {
  if (e instanceof PlatformError) {
    const status = e.exitCode === ExitCode.usage ? 400 : e.exitCode === ExitCode.unreachable ? 503 : 422;
    return { status, body: { error: e.message, ...(e.hint ? { hint: e.hint } : {}) } };
  }
  const err = e as Error;
  return { status: 500, body: { error: err?.message ?? String(e) } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
