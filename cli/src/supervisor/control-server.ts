import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StackState } from '../stack/state.js';
import type { SpanRecord, TraceSummary } from '../telemetry/span.js';

/** A request the supervisor refuses as given (unknown service, bad count): HTTP 400, exit 2 in the CLI. */
export class ControlRequestError extends Error {}

/** Asked to wait, and a service failed or did not become healthy in time: HTTP 409, exit 1 in the CLI. */
export class NotConvergedError extends Error {}

export interface DesiredChange {
  /** Instances per service; services left out keep their count. */
  instances: Record<string, number>;
  /** Start again instances that failed (crashed past their restarts), as `platform up` does. */
  retry?: boolean;
  /** Answer only once the named services have converged (or one of them failed). */
  wait?: boolean;
}

export interface Target {
  name: string;
  instance?: number;
}

/** What the control API can ask of the supervisor. */
export interface SupervisorControl {
  status(): StackState;
  setDesired(change: DesiredChange): Promise<Record<string, number>>;
  restart(target: Target, env?: Record<string, string>): Promise<void>;
  kill(target: Target): void;
  stop(): Promise<void>;
  /** The receiver's live span store; undefined when the receiver did not start (its port was taken). */
  spans(): { find(id: string): SpanRecord[]; recent(n: number): TraceSummary[] } | undefined;
}

/**
 * The supervisor's control API, on 127.0.0.1 only. Every request carries the stack's token
 * (`Authorization: Bearer <controlToken>` from state.json, which only its owner can read):
 *
 *   GET  /status                                    the stack state (processes, reasons, desired)
 *   PUT  /desired  {instances, retry?, wait?}       change instances per service and converge
 *   POST /restart  {name, instance?, env?}          stop and start (a service scaled to 0 gets 1); `env`
 *                                                  sets variables for this and later starts of those
 *                                                  instances (the bench switches tracing off this way)
 *   POST /kill     {name, instance?}                crash on purpose; the supervisor restarts it
 *   POST /stop                                      stop everything, then the supervisor exits
 *   GET  /traces?last=N                             the newest traces, one summary each
 *   GET  /traces/<trace or correlation id>          that trace's spans (an empty list when unknown)
 *
 * Answers are JSON; errors are `{ error }` with 400 (bad request), 401 (token), 404, or 409 (waited, not converged).
 */
export function serveControl(control: SupervisorControl, token: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => void handle(control, token, req, res));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

async function handle(control: SupervisorControl, token: string, req: IncomingMessage, res: ServerResponse) {
  const reply = (code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!hasToken(req, token))
    return reply(401, { error: 'missing or wrong token (Authorization: Bearer <controlToken from .platform/state.json>)' });
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = `${req.method} ${url.pathname}`;
  try {
    const body = await readJson(req);
    if (req.method === 'GET' && (url.pathname === '/traces' || url.pathname.startsWith('/traces/'))) return reply(...traces(control, url));
    switch (route) {
      case 'GET /status':
        return reply(200, control.status());
      case 'PUT /desired':
        return reply(200, { desired: await control.setDesired(desiredChange(body)) });
      case 'POST /restart':
        await control.restart(target(body), envOf(body));
        return reply(200, { restarted: target(body).name });
      case 'POST /kill':
        control.kill(target(body));
        return reply(200, { killed: target(body).name });
      case 'POST /stop':
        reply(202, { stopping: true });
        await control.stop();
        return process.exit(0);
      default:
        return reply(404, { error: `no route ${route}` });
    }
  } catch (e) {
    reply(e instanceof ControlRequestError ? 400 : e instanceof NotConvergedError ? 409 : 500, { error: (e as Error).message });
  }
}

/** What `platform trace` and `send --trace` read: the store in memory, instead of parsing its file again on every poll. */
function traces(control: SupervisorControl, url: URL): [number, unknown] {
  const store = control.spans();
  if (!store) return [404, { error: 'the trace receiver is not running in this stack (see `platform logs supervisor`)' }];
  if (url.pathname === '/traces') {
    const n = Number(url.searchParams.get('last') ?? 10);
    if (!Number.isInteger(n) || n <= 0) throw new ControlRequestError('"last" must be a whole number > 0');
    return [200, { traces: store.recent(n) }];
  }
  let id: string;
  try {
    id = decodeURIComponent(url.pathname.slice('/traces/'.length));
  } catch {
    throw new ControlRequestError('the trace id is not valid URL encoding');
  }
  return [200, { spans: store.find(id) }];
}

function hasToken(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!text) return {};
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    /* answered below */
  }
  throw new ControlRequestError('the body must be a JSON object');
}

function target(body: Record<string, unknown>): Target {
  if (typeof body.name !== 'string' || !body.name) throw new ControlRequestError('"name" (a process name) is required');
  if (body.instance !== undefined && !Number.isInteger(body.instance)) throw new ControlRequestError('"instance" must be a whole number');
  return { name: body.name, instance: body.instance as number | undefined };
}

function envOf(body: Record<string, unknown>): Record<string, string> | undefined {
  const env = body.env;
  if (env === undefined) return undefined;
  if (!env || typeof env !== 'object' || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string')) {
    throw new ControlRequestError('"env" must map variable names to strings');
  }
  return env as Record<string, string>;
}

function desiredChange(body: Record<string, unknown>): DesiredChange {
  const instances = body.instances as Record<string, unknown> | undefined;
  if (!instances || typeof instances !== 'object' || Object.values(instances).some((n) => !Number.isInteger(n) || (n as number) < 0)) {
    throw new ControlRequestError('"instances" must map service names to whole numbers >= 0');
  }
  return { instances: instances as Record<string, number>, retry: body.retry === true, wait: body.wait === true };
}
