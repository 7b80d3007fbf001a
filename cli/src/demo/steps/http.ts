import { renderTable } from '../../ui/output.js';
import { compact, pretty } from '../format.js';
import { curlCommand, expectHttpWords, httpMismatches, methodOf, request, type HttpResult } from '../gateway-http.js';
import { renderDiff, type Mismatch } from '../match.js';
import { StepFailure, type StepContext, type StepKind, type StepOutcome } from '../step-kind.js';
import type { HttpRequest } from '../types.js';

/** `http: { method, path, body, expect }`: a request to the gateway; `repeat: n` sends n at once. */
export const http: StepKind<HttpRequest> = {
  schema: { $ref: '#/definitions/httpRequest', description: 'a request to the gateway; `expect` checks its status and body' },
  touchesStack: true,
  async run(call, ctx) {
    const label = `${methodOf(call)} ${call.path}`;
    if (call.repeat !== undefined) return repeat(call, call.repeat, ctx, label);
    const r = await request(ctx.env, call);
    if (call.expect) {
      const m = httpMismatches(call.expect, r);
      if (m.length)
        throw new StepFailure(`${label} answered ${r.status}, not as expected`, renderDiff(m, { status: r.status, body: r.body }));
    } else if (r.status >= 500) {
      throw new StepFailure(`${label} answered ${r.status}`, renderDiff([], r.body));
    }
    return { summary: `${r.status} ${compact(r.body)}`, short: `HTTP ${r.status}`, detail: pretty(r.body), data: r };
  },
  view(call, { gatewayUrl }) {
    const method = methodOf(call);
    const curl = curlCommand(call, gatewayUrl);
    const check = call.expect ? expectHttpWords(call.expect.status, call.expect.body) : undefined;
    if (call.repeat)
      return {
        title: `${call.repeat} × ${method} ${call.path} at once`,
        command: `seq ${call.repeat} | xargs -P ${call.repeat} -I{} ${curl.replace(/\{\{i\}\}/g, '{}')}`,
        check: check && `every answer: ${check}`,
      };
    return { title: `${method} ${call.path}`, command: curl, check };
  },
};

/** n requests at once: identical (concurrent duplicates) unless {{i}} numbers them. */
async function repeat(call: HttpRequest, n: number, { env }: StepContext, label: string): Promise<StepOutcome> {
  const numbered = (i: number): HttpRequest =>
    JSON.parse(JSON.stringify({ ...call, repeat: undefined, expect: undefined }).replace(/\{\{i\}\}/g, String(i)));
  const results = await Promise.all(Array.from({ length: n }, (_, i) => request(env, numbered(i + 1))));
  const problems = (r: HttpResult): Mismatch[] =>
    call.expect ? httpMismatches(call.expect, r) : r.status >= 500 ? [{ path: 'status', expected: '< 500', actual: r.status }] : [];
  const failures = results.map((r, i) => ({ index: i, result: r, mismatches: problems(r) })).filter((x) => x.mismatches.length);
  if (failures.length) {
    const first = failures[0];
    throw new StepFailure(
      `${failures.length} of ${n} answers to ${label} were not as expected (first: request ${first.index + 1})`,
      renderDiff(first.mismatches, { status: first.result.status, body: first.result.body }),
    );
  }
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const idOf = (r: HttpResult) => (r.body as { id?: unknown })?.id;
  const ids = new Set(results.map(idOf).filter((x) => x !== undefined));
  const summary = `${n} answers: ${[...byStatus].map(([status, count]) => `${count}× ${status}`).join(', ')}${ids.size ? `; ${ids.size} distinct id${ids.size === 1 ? '' : 's'}` : ''}`;
  return {
    summary,
    detail: renderTable(
      ['#', 'status', 'id'],
      results.slice(0, 20).map((r, i) => [i + 1, r.status, String(idOf(r) ?? '-')]),
    ),
    data: { ...results[0], responses: results, ids: [...ids], distinctIds: ids.size },
  };
}
