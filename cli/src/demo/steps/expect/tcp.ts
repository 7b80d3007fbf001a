import { formatMs } from '../../duration.js';
import { asText, compact, described, pretty, serviceTarget } from '../../format.js';
import { StepFailure } from '../../step-kind.js';
import { callTcp, tcpCommand, tcpMismatches } from '../../tcp-call.js';
import type { TcpRequest } from '../../types.js';
import type { Matcher } from './matcher.js';

/** `expect: { tcp }`: asks a service until its reply (or error reply) matches. */
export const tcp: Matcher<TcpRequest> = {
  schema: { $ref: '#/definitions/tcpRequest' },
  async run(request, { within, poll }) {
    let last: { reply?: unknown; error?: unknown; failure?: string } = {};
    const r = await poll(
      async () => {
        try {
          last = await callTcp(request);
        } catch (err) {
          last = { failure: (err as Error).message };
          return undefined;
        }
        return tcpMismatches(request, last) ? undefined : last;
      },
      () => {
        if (last.failure) return new StepFailure(`${request.service} did not answer within ${formatMs(within)}: ${last.failure}`);
        const problem = tcpMismatches(request, last);
        return new StepFailure(`${problem?.message ?? 'no answer'} within ${formatMs(within)}`, problem?.diff);
      },
    );
    return r.error !== undefined
      ? { summary: `error reply ${compact(r.error)}`, data: { error: r.error } }
      : { summary: `reply ${compact(r.reply)}`, detail: pretty(r.reply), data: { reply: r.reply } };
  },
  view: (request) => ({
    title: `expect ${serviceTarget(request)} to answer ${asText(request.pattern)}`,
    command: tcpCommand(request),
    check: `a reply${request.reply !== undefined ? ` matching ${described(request.reply)}` : request.error !== undefined ? ` with error ${described(request.error)}` : ''}`,
  }),
  preflight: (request, check) => check.service(['service'], request.service),
};
