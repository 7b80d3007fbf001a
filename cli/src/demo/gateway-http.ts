import { asText, described, shellQuote } from './format.js';
import { partialMatch, type Mismatch } from './match.js';
import type { StackEnv } from './stack-env.js';
import { StepFailure } from './step-kind.js';

/** A request to the stack's gateway, as `http` steps and `expect: { http }` send it. */
export interface GatewayRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface HttpExpectation {
  status?: number;
  body?: unknown;
  headers?: Record<string, unknown>;
}

export const methodOf = (h: GatewayRequest) => h.method ?? (h.body === undefined ? 'GET' : 'POST');

export async function request(env: StackEnv, h: GatewayRequest): Promise<HttpResult> {
  const url = (await env.gatewayUrl()) + h.path;
  const method = methodOf(h);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(h.body !== undefined ? { 'content-type': 'application/json' } : {}), ...h.headers },
      body: h.body === undefined ? undefined : typeof h.body === 'string' ? h.body : JSON.stringify(h.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new StepFailure(`${method} ${url} failed: ${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body };
}

export function httpMismatches(expected: HttpExpectation, r: HttpResult): Mismatch[] {
  const m: Mismatch[] = [];
  if (expected.status !== undefined && expected.status !== r.status)
    m.push({ path: 'status', expected: expected.status, actual: r.status });
  if (expected.headers) m.push(...partialMatch(expected.headers, r.headers, 'headers'));
  if (expected.body !== undefined) m.push(...partialMatch(expected.body, r.body, 'body'));
  return m;
}

/** The curl line that sends the same request. */
export function curlCommand(h: GatewayRequest, gatewayUrl: string): string {
  const method = methodOf(h);
  const parts = [
    'curl -s',
    ...(method !== 'GET' ? ['-X', method] : []),
    shellQuote(gatewayUrl + h.path),
    ...Object.entries(h.headers ?? {}).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`),
  ];
  if (h.body !== undefined) parts.push("-H 'Content-Type: application/json'", '-d', shellQuote(asText(h.body)));
  return parts.join(' ');
}

export function expectHttpWords(status?: number, body?: unknown): string {
  const parts = [status !== undefined ? `status ${status}` : '', body !== undefined ? `a body matching ${described(body)}` : ''].filter(
    Boolean,
  );
  return parts.length ? parts.join(' and ') : 'any answer';
}
