import { compact, asText, serviceTarget, shellQuote } from './format.js';
import { partialMatch, renderDiff } from './match.js';
import type { TcpRequest } from './types.js';

/** A TCP request of a step (send or expect), through the same transport as `platform send tcp`. */
export async function callTcp(t: TcpRequest): Promise<{ reply?: unknown; error?: unknown }> {
  const { sendTcp } = await import('../transports/tcp/send.js');
  const { RemoteError } = await import('../transports/tcp/client.js');
  try {
    return { reply: await sendTcp(serviceTarget(t), t.pattern, t.data ?? {}, { timeoutMs: 10_000 }) };
  } catch (e) {
    if (e instanceof RemoteError) return { error: e.body };
    throw e;
  }
}

/** Why the answer is not the expected reply (or error), or undefined when it is. */
export function tcpMismatches(t: TcpRequest, r: { reply?: unknown; error?: unknown }): { message: string; diff?: string } | undefined {
  if (t.error !== undefined) {
    if (r.error === undefined)
      return {
        message: 'expected an error reply, got a reply',
        diff: renderDiff([{ path: '(reply)', expected: t.error, actual: r.reply, reason: 'not an error' }], r.reply),
      };
    const m = partialMatch(t.error, r.error);
    return m.length ? { message: 'the error reply does not match', diff: renderDiff(m, r.error) } : undefined;
  }
  if (r.error !== undefined) return { message: `${t.service} answered with an error: ${compact(r.error)}`, diff: renderDiff([], r.error) };
  if (t.reply === undefined) return undefined;
  const m = partialMatch(t.reply, r.reply);
  return m.length ? { message: 'the reply does not match', diff: renderDiff(m, r.reply) } : undefined;
}

export function tcpCommand(t: TcpRequest): string {
  return `platform send tcp ${serviceTarget(t)} ${shellQuote(asText(t.pattern))}${t.data !== undefined ? ` ${shellQuote(asText(t.data))}` : ''}`;
}
