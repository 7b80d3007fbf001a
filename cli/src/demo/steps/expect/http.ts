import { formatMs } from '../../duration.js';
import { compact, pretty } from '../../format.js';
import {
  curlCommand,
  expectHttpWords,
  httpMismatches,
  methodOf,
  request,
  type GatewayRequest,
  type HttpResult,
} from '../../gateway-http.js';
import { renderDiff } from '../../match.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from './matcher.js';

export interface HttpExpectation extends GatewayRequest {
  status?: number;
  response?: unknown;
}

/** `expect: { http }`: asks the gateway until it answers with the status and body. */
export const http: Matcher<HttpExpectation> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      path: { type: 'string', pattern: '^/' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      body: {},
      status: { type: 'integer', minimum: 100, maximum: 599 },
      response: { description: 'partial match on the JSON body' },
    },
  },
  async run(call, { env, within, poll }) {
    let last: HttpResult | undefined;
    let failure = '';
    const expected = { status: call.status, body: call.response };
    const r = await poll(
      async () => {
        try {
          last = await request(env, call);
        } catch (err) {
          failure = (err as Error).message;
          return undefined;
        }
        return httpMismatches(expected, last).length ? undefined : last;
      },
      () =>
        last
          ? new StepFailure(
              `${methodOf(call)} ${call.path} did not answer as expected within ${formatMs(within)}`,
              renderDiff(httpMismatches(expected, last), { status: last.status, body: last.body }),
            )
          : new StepFailure(failure),
    );
    return { summary: `${r.status} ${compact(r.body)}`, short: `HTTP ${r.status}`, detail: pretty(r.body), data: r };
  },
  view: (call, { gatewayUrl }) => ({
    title: `expect ${methodOf(call)} ${call.path} to answer`,
    command: curlCommand(call, gatewayUrl),
    check: expectHttpWords(call.status, call.response),
  }),
};
