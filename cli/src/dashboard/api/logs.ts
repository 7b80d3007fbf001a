import type { LogFilter } from '../log-feed.js';
import type { Request, Routes } from '../router.js';
import { openStream } from '../sse.js';

const BACKLOG = 500;

export function logFilter(url: URL): LogFilter {
  const list = (k: string) =>
    url.searchParams
      .get(k)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    sources: list('sources'),
    levels: list('levels'),
    text: url.searchParams.get('text') || undefined,
    correlationId: url.searchParams.get('correlationId') || undefined,
    traceId: url.searchParams.get('traceId') || undefined,
  };
}

/** The last matching lines, then every new matching line as it is written. */
async function liveLogs({ req, res, url, ctx }: Request) {
  const filter = logFilter(url);
  const stream = openStream(req, res);
  const { matches } = await import('../log-feed.js');
  const off = ctx.logs.subscribe((fresh) => {
    const hit = fresh.filter((e) => matches(e, filter));
    if (hit.length) stream.send('lines', hit);
  });
  stream.send('backlog', ctx.logs.recent(filter, BACKLOG));
  await stream.closed;
  off();
}

export const logRoutes: Routes = {
  'GET /api/logs/sources': ({ ctx }) => ctx.logs.sources(),
  'GET /api/live/logs': liveLogs,
};
