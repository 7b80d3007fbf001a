const REASONS: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN/, 'host not found'],
  [/EHOSTUNREACH|ENETUNREACH/, 'host unreachable'],
  [/ETIMEDOUT|timed? ?out/i, 'no answer (timed out)'],
  [/Authentication failed|SASL|auth/i, 'authentication failed'],
];

/** A driver's connection error in a few words ("connection refused"), for status and `up`. */
export function connectReason(e: Error): string {
  const text = `${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`;
  return REASONS.find(([re]) => re.test(text))?.[1] ?? e.message.split('\n')[0];
}
