import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One Server-Sent Events stream: `send(event, data)` writes a JSON event; a comment every 15 s keeps
 * proxies and idle timers from closing it. `closed` resolves when the browser goes away.
 */
export interface EventStream {
  send(event: string, data: unknown): void;
  readonly closed: Promise<void>;
  readonly signal: AbortSignal;
}

export function openStream(req: IncomingMessage, res: ServerResponse): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const abort = new AbortController();
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const closed = new Promise<void>((resolve) => {
    const end = () => {
      clearInterval(keepAlive);
      abort.abort();
      resolve();
    };
    req.once('close', end);
    res.once('close', end);
  });
  return {
    send: (event, data) => {
      if (!abort.signal.aborted) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    closed,
    signal: abort.signal,
  };
}
