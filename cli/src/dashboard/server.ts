/**
 * The dashboard: a web page for the running stack, served by the supervisor on 127.0.0.1.
 *
 *   startDashboard({ paths, port, spans?, log }): Promise<{ url, error? }>
 *       never throws (the stack runs on without a dashboard); writes the per-stack token to
 *       .platform/dashboard.token (0600), which `platform up` and `platform dashboard` print.
 *
 * Routes (api/*.ts) call the CLI's own transports and the supervisor's control API; live data goes
 * out as Server-Sent Events. The page itself is a static bundle built from cli/dashboard-ui/.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectPaths } from '../stack/project.js';
import type { SpanStore } from '../telemetry/span-store.js';
import { judge, newToken, unauthorizedPage, type Guard } from './auth.js';
import { DashboardContext } from './context.js';
import { LogFeed } from './log-feed.js';
import { errorReply, match, readJsonBody, sendJson, type Routes } from './router.js';
import { writeToken } from '../stack/dashboard-token.js';
import { kafkaRoutes } from './api/kafka.js';
import { logRoutes } from './api/logs.js';
import { mongoRoutes } from './api/mongo.js';
import { requestRoutes } from './api/requests.js';
import { scenarioRoutes } from './api/scenarios.js';
import { serviceRoutes } from './api/services.js';
import { tcpRoutes } from './api/tcp.js';
import { traceRoutes } from './api/traces.js';

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const routes: Routes = {
  ...serviceRoutes,
  ...logRoutes,
  ...kafkaRoutes,
  ...tcpRoutes,
  ...mongoRoutes,
  ...requestRoutes,
  ...scenarioRoutes,
  ...traceRoutes,
};

export async function startDashboard(opts: {
  paths: ProjectPaths;
  port: number;
  /** The supervisor's live span store; without one, traces are read from the span file. */
  spans?: SpanStore;
  log?: (m: string) => void;
}): Promise<{ url: string; error?: string }> {
  const url = `http://127.0.0.1:${opts.port}/`;
  const guard: Guard = { port: opts.port, token: newToken() };
  const ctx = new DashboardContext(opts.paths, new LogFeed(opts.paths.logsDir), opts.spans);
  const server = createServer(
    (req, res) => void handle(req, res, guard, ctx).catch((e) => opts.log?.(`dashboard: ${(e as Error).message}`)),
  );
  server.on('clientError', (_e, socket) => socket.destroy());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    const error = (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${opts.port} is in use` : (e as Error).message;
    opts.log?.(`dashboard not started: ${error}`);
    return { url, error };
  }
  server.unref();
  writeToken(opts.paths.stateDir, guard.token);
  return { url };
}

async function handle(req: IncomingMessage, res: ServerResponse, guard: Guard, ctx: DashboardContext) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  const verdict = judge(req, guard);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const isApi = url.pathname.startsWith('/api/');
  if (!verdict.ok) {
    if (verdict.status === 303) {
      res.writeHead(303, { location: verdict.location, 'set-cookie': verdict.setCookie });
      return res.end();
    }
    if (isApi) return sendJson(res, verdict.status, { error: verdict.reason, hint: 'run `platform dashboard` for the link' });
    res.writeHead(verdict.status, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(unauthorizedPage(verdict.reason));
  }
  if (!isApi) return serveStatic(url.pathname, res);
  const found = match(routes, req.method ?? 'GET', url.pathname);
  if (!found) return sendJson(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  try {
    const body = await found.handler({ req, res, url, params: found.params, ctx, body: () => readJsonBody(req) as Promise<any> });
    if (!res.headersSent) sendJson(res, 200, body ?? null);
  } catch (e) {
    const { status, body } = errorReply(e);
    if (!res.headersSent) sendJson(res, status, body);
    else res.end();
  }
}

function serveStatic(pathname: string, res: ServerResponse) {
  const rel = normalize(pathname === '/' ? 'index.html' : pathname.slice(1));
  let file = join(PUBLIC, rel);
  // Unknown paths are pages of the single-page app.
  if (rel.startsWith('..') || !existsSync(file) || statSync(file).isDirectory()) file = join(PUBLIC, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    return res.end('The dashboard page is not built: run `npm run build -w cli` (or `npm ci`).');
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}
