import type { Hold, Totals } from './schemas/ledger-account.schema.js';
import type { Leg } from '../postings/schemas/posting.schema.js';

export function heldIn(holds: Record<string, Hold> | undefined, currency: string): number {
  return Object.values(holds ?? {}).reduce((sum, h) => (h.currency === currency ? sum + h.amount : sum), 0);
}

/** Running totals as derived from scratch: posted from the postings' legs, held from the open holds. */
export function totalsFrom(posted: Map<string, number>, holds: Record<string, Hold> | undefined): Totals {
  const out: Totals = {};
  for (const [currency, amount] of posted) out[currency] = { posted: amount, held: 0 };
  for (const h of Object.values(holds ?? {})) {
    out[h.currency] ??= { posted: 0, held: 0 };
    out[h.currency].held += h.amount;
  }
  return out;
}

/** `account`'s running totals after a posting with these legs. */
export function withLegs(totals: Totals, legs: Leg[], account: string): Totals {
  const out = copy(totals);
  for (const leg of legs) {
    if (leg.account !== account) continue;
    out[leg.currency] ??= { posted: 0, held: 0 };
    out[leg.currency].posted += leg.amount;
  }
  return out;
}

/** Running totals after placing (+amount) or releasing (-amount) a hold. */
export function withHeld(totals: Totals, currency: string, delta: number): Totals {
  const out = copy(totals);
  out[currency] ??= { posted: 0, held: 0 };
  out[currency].held += delta;
  return out;
}

/** Whether `amount` can be held: posted minus what is already held covers it. */
export function canHold(totals: Totals, currency: string, amount: number): boolean {
  const t = totals[currency];
  return !!t && t.posted - t.held >= amount;
}

/** Posted, held and available per currency, sorted by currency. */
export function fundsView(totals: Totals) {
  return Object.keys(totals).sort().map((currency) => {
    const { posted, held } = totals[currency];
    return { currency, posted, held, available: posted - held };
  });
}

export function sameTotals(a: Totals, b: Totals): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k] ?? { posted: 0, held: 0 };
    const y = b[k] ?? { posted: 0, held: 0 };
    if (x.posted !== y.posted || x.held !== y.held) return false;
  }
  return true;
}

function copy(totals: Totals): Totals {
  return Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, { posted: t.posted, held: t.held }]));
}
