import type { Hold } from './schemas/ledger-account.schema.js';

export function heldIn(holds: Record<string, Hold> | undefined, currency: string): number {
  return Object.values(holds ?? {}).reduce((sum, h) => (h.currency === currency ? sum + h.amount : sum), 0);
}

/** Posted balance minus open holds, per currency. */
export function fundsView(posted: Map<string, number>, holds: Record<string, Hold> | undefined) {
  const currencies = new Set([...posted.keys(), ...Object.values(holds ?? {}).map((h) => h.currency)]);
  return [...currencies].sort().map((currency) => {
    const p = posted.get(currency) ?? 0;
    const held = heldIn(holds, currency);
    return { currency, posted: p, held, available: p - held };
  });
}

/**
 * Whether `amount` can be held. Safe against a capture landing concurrently only if the account
 * (holds) was read BEFORE the postings: a capture posts first and releases its hold after, so this
 * order can under-count what is available, never over-count it.
 */
export function canHold(posted: number, holds: Record<string, Hold> | undefined, currency: string, amount: number): boolean {
  return posted - heldIn(holds, currency) >= amount;
}
