import { describe, expect, it } from 'vitest';
import { canHold, fundsView, heldIn, sameTotals, totalsFrom, withHeld, withLegs } from './funds.js';
import { postingFor } from '../postings/posting-rules.js';
import type { Leg } from '../postings/schemas/posting.schema.js';
import type { Hold, Totals } from './schemas/ledger-account.schema.js';

const at = new Date(0);
const holds = {
  pay_a: { amount: 300, currency: 'EUR', createdAt: at },
  pay_b: { amount: 200, currency: 'EUR', createdAt: at },
  pay_c: { amount: 50, currency: 'USD', createdAt: at },
};

/** What the ledger derives from scratch: the legs' sum per currency (the aggregate) plus the open holds. */
function derived(postings: { legs: Leg[] }[], account: string, open: Record<string, Hold>): Totals {
  const posted = new Map<string, number>();
  for (const p of postings) for (const l of p.legs) if (l.account === account) posted.set(l.currency, (posted.get(l.currency) ?? 0) + l.amount);
  return totalsFrom(posted, open);
}

describe('funds', () => {
  it('sums holds per currency', () => {
    expect(heldIn(holds, 'EUR')).toBe(500);
    expect(heldIn(holds, 'GBP')).toBe(0);
    expect(heldIn(undefined, 'EUR')).toBe(0);
  });

  it('derives totals from posted sums and open holds', () => {
    expect(totalsFrom(new Map([['EUR', 1000]]), holds)).toEqual({ EUR: { posted: 1000, held: 500 }, USD: { posted: 0, held: 50 } });
    expect(totalsFrom(new Map(), undefined)).toEqual({});
  });

  it('holds only what is available after open holds', () => {
    const totals = totalsFrom(new Map([['EUR', 1000]]), holds);
    expect(canHold(totals, 'EUR', 500)).toBe(true);
    expect(canHold(totals, 'EUR', 501)).toBe(false);
    expect(canHold(totals, 'GBP', 1)).toBe(false);
    expect(canHold({}, 'EUR', 1)).toBe(false);
  });

  it('reports posted, held and available per currency', () => {
    expect(fundsView(totalsFrom(new Map([['EUR', 1000]]), holds))).toEqual([
      { currency: 'EUR', posted: 1000, held: 500, available: 500 },
      { currency: 'USD', posted: 0, held: 50, available: -50 },
    ]);
  });

  it('moves only the given account by its own legs, without touching the input', () => {
    const before = { EUR: { posted: 1000, held: 0 } };
    const legs = [{ account: 'cus_a', currency: 'EUR', amount: -300 }, { account: 'm_x', currency: 'EUR', amount: 300 }];
    expect(withLegs(before, legs, 'cus_a')).toEqual({ EUR: { posted: 700, held: 0 } });
    expect(withLegs(before, legs, 'm_x')).toEqual({ EUR: { posted: 1300, held: 0 } });
    expect(withHeld(before, 'USD', 5)).toEqual({ EUR: { posted: 1000, held: 0 }, USD: { posted: 0, held: 5 } });
    expect(before).toEqual({ EUR: { posted: 1000, held: 0 } });
  });

  it('compares totals, a missing currency counting as zero', () => {
    expect(sameTotals({ EUR: { posted: 1, held: 0 } }, { EUR: { posted: 1, held: 0 }, USD: { posted: 0, held: 0 } })).toBe(true);
    expect(sameTotals({ EUR: { posted: 1, held: 0 } }, { EUR: { posted: 1, held: 1 } })).toBe(false);
  });

  it('keeps running totals equal to the postings sum through holds, captures, releases and refunds', () => {
    // The same sequence of changes the ledger makes (hold, capture = post + drop hold, release, refund),
    // applied to running totals step by step and checked against a derivation from scratch after each.
    const customer = 'cus_a';
    const postings: { legs: Leg[] }[] = [{ legs: [{ account: customer, currency: 'EUR', amount: 10_000 }, { account: 'equity:opening', currency: 'EUR', amount: -10_000 }] }];
    const open: Record<string, Hold> = {};
    let totals = derived(postings, customer, open);
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 300; i++) {
      const pay = `pay_${i}`;
      const amount = 1 + rand(400);
      const currency = rand(5) ? 'EUR' : 'USD';
      const step = rand(4);
      if (step < 2 && canHold(totals, currency, amount)) {
        open[pay] = { amount, currency, createdAt: at };
        totals = withHeld(totals, currency, amount);
      }
      const pending = Object.keys(open);
      if (step === 2 && pending.length) {
        const id = pending[rand(pending.length)];
        const hold = open[id];
        const draft = postingFor({ type: 'payment.captured', paymentId: id, merchantId: 'm_x', customerId: customer, amount: hold.amount, currency: hold.currency })!;
        postings.push(draft);
        delete open[id];
        totals = withHeld(withLegs(totals, draft.legs, customer), hold.currency, -hold.amount);
      }
      if (step === 3 && pending.length) {
        const id = pending[rand(pending.length)];
        totals = withHeld(totals, open[id].currency, -open[id].amount);
        delete open[id];
      }
      if (step === 3 && rand(2)) {
        const draft = postingFor({ type: 'payment.refunded', paymentId: pay, merchantId: 'm_x', customerId: customer, amount, currency, refund: { refundId: `re_${i}`, amount } })!;
        postings.push(draft);
        totals = withLegs(totals, draft.legs, customer);
      }
      expect(sameTotals(totals, derived(postings, customer, open))).toBe(true);
      // Holds are only placed when covered, a capture moves posted and held together: never over-committed.
      for (const t of Object.values(totals)) expect(t.posted - t.held).toBeGreaterThanOrEqual(0);
    }
    expect(postings.length).toBeGreaterThan(20);
  });
});
