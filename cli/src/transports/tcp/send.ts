/**
 * Talking to a NestJS TCP service from the CLI or in-process (the scenario runner).
 *
 *   parsePattern(text): string | object                 a JSON object pattern when it starts with `{`
 *   sendTcp(target, pattern, data, { timeoutMs?, event? }): Promise<unknown>
 *       one request (or event) on a fresh connection; `target` is a service name or host:port.
 *       Throws RemoteError (error reply), ConnectError (exit 3), TimeoutError from ./client.js.
 *   loadTest(client, pattern, data, { repeat, concurrency, event?, onProgress? }): Promise<LoadSummary>
 *   summarize(latenciesMs, elapsedMs, errors): LoadSummary / percentile(sorted, p)
 */
import { TcpClient } from './client.js';
import { resolveServiceAddress } from './address.js';
import { parseJson } from '../../input/arguments.js';

export function parsePattern(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) return parseJson(t, `pattern ${text}`);
  return text;
}

export async function sendTcp(
  target: string,
  pattern: unknown,
  data: unknown,
  opts: { timeoutMs?: number; event?: boolean } = {},
): Promise<unknown> {
  const addr = await resolveServiceAddress(target);
  const client = new TcpClient(addr, { timeout: opts.timeoutMs ?? 'cli' });
  try {
    if (opts.event) return await client.emit(pattern, data);
    return await client.send(pattern, data, opts.timeoutMs);
  } finally {
    client.close();
  }
}

export interface LoadSummary {
  requests: number;
  ok: number;
  errors: number;
  concurrency: number;
  elapsedMs: number;
  throughput: number;
  latencyMs: { min: number; mean: number; p50: number; p90: number; p95: number; p99: number; max: number };
  firstError?: string;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); 0 for an empty one. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function summarize(latencies: number[], elapsedMs: number, errors: number, concurrency: number, firstError?: string): LoadSummary {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  const total = latencies.length;
  const mean = total ? arr.reduce((a, b) => a + b, 0) / total : 0;
  return {
    requests: total,
    ok: total - errors,
    errors,
    concurrency,
    elapsedMs: round(elapsedMs),
    throughput: elapsedMs > 0 ? Math.round((total / elapsedMs) * 1000 * 10) / 10 : 0,
    latencyMs: {
      min: round(arr[0] ?? 0),
      mean: round(mean),
      p50: round(percentile(arr, 50)),
      p90: round(percentile(arr, 90)),
      p95: round(percentile(arr, 95)),
      p99: round(percentile(arr, 99)),
      max: round(arr[total - 1] ?? 0),
    },
    ...(firstError ? { firstError } : {}),
  };
}

/** `repeat` requests with at most `concurrency` in flight over one multiplexed connection. */
export async function loadTest(
  client: TcpClient,
  pattern: unknown,
  data: unknown,
  opts: { repeat: number; concurrency: number; event?: boolean; timeoutMs?: number; onProgress?: (done: number) => void },
): Promise<LoadSummary> {
  await client.connect();
  const latencies: number[] = new Array(opts.repeat);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const worker = async () => {
    while (next < opts.repeat) {
      const i = next++;
      const t0 = performance.now();
      try {
        if (opts.event) await client.emit(pattern, data);
        else await client.send(pattern, data, opts.timeoutMs);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
      latencies[i] = performance.now() - t0;
      if ((i & 255) === 0) opts.onProgress?.(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.repeat) }, worker));
  return summarize(latencies, performance.now() - started, errors, opts.concurrency, firstError);
}
