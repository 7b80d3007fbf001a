import type { Hold, Totals } from './schemas/ledger-account.schema.js';
import type { Leg } from '../postings/schemas/posting.schema.js';

export function heldIn(holds: Hold[] | undefined, currency: string): number {
  return (holds ?? []).reduce((sum, h) => (h.currency === currency ? sum + h.amount : sum), 0);
}

/** Running totals as derived from scratch: posted from the postings' legs, held from the open holds. */
export function totalsFrom(posted: Map<string, number>, holds: Hold[] | undefined): Totals {
  const out: Totals = {};
  for (const [currency, amount] of posted) out[currency] = { posted: amount, held: 0, available: amount };
  for (const h of holds ?? []) {
    out[h.currency] ??= { posted: 0, held: 0, available: 0 };
    out[h.currency].held += h.amount;
    out[h.currency].available -= h.amount;
  }
  return out;
}

/** The `$inc` that moves `account`'s running totals by its legs of a posting. */
export function legIncrements(legs: Leg[], account: string): Record<string, number> {
  const inc: Record<string, number> = {};
  for (const leg of legs) {
    if (leg.account !== account) continue;
    for (const field of ['posted', 'available']) {
      const path = `balances.${leg.currency}.${field}`;
      inc[path] = (inc[path] ?? 0) + leg.amount;
    }
  }
  return inc;
}

/** The `$inc` for placing (+amount) or dropping (-amount) a hold. */
export function holdIncrements(currency: string, delta: number): Record<string, number> {
  return { [`balances.${currency}.held`]: delta, [`balances.${currency}.available`]: -delta };
}

/** Both `$inc`s of one update, summed per path (a capture moves posted and drops its hold at once). */
export function sumIncrements(...incs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const inc of incs) for (const [path, n] of Object.entries(inc)) out[path] = (out[path] ?? 0) + n;
  return out;
}

/** The filter part that makes a hold atomic: it applies only where the currency's available funds cover it. */
export function coversFilter(currency: string, amount: number): Record<string, unknown> {
  return { [`balances.${currency}.available`]: { $gte: amount } };
}

/** Posted, held and available per currency, sorted by currency. */
export function fundsView(totals: Totals) {
  return Object.keys(totals)
    .sort()
    .map((currency) => {
      const { posted, held } = totals[currency];
      return { currency, posted, held, available: posted - held };
    });
}

export function sameTotals(a: Totals, b: Totals): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k] ?? { posted: 0, held: 0, available: 0 };
    const y = b[k] ?? { posted: 0, held: 0, available: 0 };
    if (x.posted !== y.posted || x.held !== y.held || x.available !== y.available) return false;
  }
  return true;
}
