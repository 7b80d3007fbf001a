import { formatMs } from '../../duration.js';
import { asText, compact, described, pretty, serviceTarget } from '../../format.js';
import { StepFailure } from '../../step-kind.js';
import { callTcp, tcpCommand, tcpMismatches } from '../../tcp-call.js';
import type { TcpRequest } from '../../types.js';
import type { Matcher } from '../expect.js';

/** `expect: { tcp }`: asks a service until its reply (or error reply) matches. */
export const tcp: Matcher<TcpRequest> = {
  schema: { $ref: '#/definitions/tcpRequest' },
  async run(t, { within, poll }) {
    let last: { reply?: unknown; error?: unknown; failure?: string } = {};
    const r = await poll(async () => {
      try {
        last = await callTcp(t);
      } catch (err) {
        last = { failure: (err as Error).message };
        return undefined;
      }
      return tcpMismatches(t, last) ? undefined : last;
    }, () => {
      if (last.failure) return new StepFailure(`${t.service} did not answer within ${formatMs(within)}: ${last.failure}`);
      const problem = tcpMismatches(t, last);
      return new StepFailure(`${problem?.message ?? 'no answer'} within ${formatMs(within)}`, problem?.diff);
    });
    return r.error !== undefined ? { summary: `error reply ${compact(r.error)}`, data: { error: r.error } } : { summary: `reply ${compact(r.reply)}`, detail: pretty(r.reply), data: { reply: r.reply } };
  },
  view: (t) => ({
    title: `expect ${serviceTarget(t)} to answer ${asText(t.pattern)}`,
    command: tcpCommand(t),
    check: `a reply${t.reply !== undefined ? ` matching ${described(t.reply)}` : t.error !== undefined ? ` with error ${described(t.error)}` : ''}`,
  }),
  preflight: (t, check) => check.service(['service'], t.service),
};
