import { describe, expect, it } from 'vitest';
import { coversFilter, fundsView, heldIn, holdIncrements, legIncrements, sameTotals, sumIncrements, totalsFrom } from './funds.js';
import { postingFor } from '../postings/posting-rules.js';
import type { Leg } from '../postings/schemas/posting.schema.js';
import type { Hold, Totals } from './schemas/ledger-account.schema.js';

const at = new Date(0);
const hold = (paymentId: string, amount: number, currency: string): Hold => ({ paymentId, amount, currency, createdAt: at, expiresAt: at });
const holds = [hold('pay_a', 300, 'EUR'), hold('pay_b', 200, 'EUR'), hold('pay_c', 50, 'USD')];

/** What the database does with `$inc` on `balances.<CUR>.<field>` paths (missing fields start at 0). */
function applyInc(totals: Totals, inc: Record<string, number>): Totals {
  const out: Totals = structuredClone(totals);
  for (const [path, n] of Object.entries(inc)) {
    const [, currency, field] = path.split('.') as [string, string, 'posted' | 'held' | 'available'];
    out[currency] ??= { posted: 0, held: 0, available: 0 };
    out[currency][field] += n;
  }
  return out;
}

/** What the guarded hold filter lets through: `balances.<CUR>.available >= amount`. */
function covers(totals: Totals, currency: string, amount: number): boolean {
  const [[path, cond]] = Object.entries(coversFilter(currency, amount)) as [[string, { $gte: number }]];
  const available = totals[path.split('.')[1]]?.available;
  return available !== undefined && available >= cond.$gte;
}

/** What the ledger derives from scratch: the legs' sum per currency (the aggregate) plus the open holds. */
function derived(postings: { legs: Leg[] }[], account: string, open: Hold[]): Totals {
  const posted = new Map<string, number>();
  for (const p of postings)
    for (const l of p.legs) if (l.account === account) posted.set(l.currency, (posted.get(l.currency) ?? 0) + l.amount);
  return totalsFrom(posted, open);
}

describe('funds', () => {
  it('sums holds per currency', () => {
    expect(heldIn(holds, 'EUR')).toBe(500);
    expect(heldIn(holds, 'GBP')).toBe(0);
    expect(heldIn(undefined, 'EUR')).toBe(0);
  });

  it('derives totals from posted sums and open holds', () => {
    expect(totalsFrom(new Map([['EUR', 1000]]), holds)).toEqual({
      EUR: { posted: 1000, held: 500, available: 500 },
      USD: { posted: 0, held: 50, available: -50 },
    });
    expect(totalsFrom(new Map(), undefined)).toEqual({});
  });

  it('lets a hold through only where available funds cover it', () => {
    const totals = totalsFrom(new Map([['EUR', 1000]]), holds);
    expect(covers(totals, 'EUR', 500)).toBe(true);
    expect(covers(totals, 'EUR', 501)).toBe(false);
    expect(covers(totals, 'GBP', 1)).toBe(false);
    expect(covers({}, 'EUR', 1)).toBe(false);
  });

  it('reports posted, held and available per currency', () => {
    expect(fundsView(totalsFrom(new Map([['EUR', 1000]]), holds))).toEqual([
      { currency: 'EUR', posted: 1000, held: 500, available: 500 },
      { currency: 'USD', posted: 0, held: 50, available: -50 },
    ]);
  });

  it('moves only the given account by its own legs', () => {
    const legs = [
      { account: 'cus_a', currency: 'EUR', amount: -300 },
      { account: 'm_x', currency: 'EUR', amount: 300 },
    ];
    expect(legIncrements(legs, 'cus_a')).toEqual({ 'balances.EUR.posted': -300, 'balances.EUR.available': -300 });
    expect(legIncrements(legs, 'm_x')).toEqual({ 'balances.EUR.posted': 300, 'balances.EUR.available': 300 });
    expect(legIncrements(legs, 'equity')).toEqual({});
    expect(sumIncrements(legIncrements(legs, 'cus_a'), holdIncrements('EUR', -300))).toEqual({
      'balances.EUR.posted': -300,
      'balances.EUR.available': 0,
      'balances.EUR.held': -300,
    });
  });

  it('compares totals, a missing currency counting as zero', () => {
    expect(
      sameTotals(
        { EUR: { posted: 1, held: 0, available: 1 } },
        { EUR: { posted: 1, held: 0, available: 1 }, USD: { posted: 0, held: 0, available: 0 } },
      ),
    ).toBe(true);
    expect(sameTotals({ EUR: { posted: 1, held: 0, available: 1 } }, { EUR: { posted: 1, held: 1, available: 0 } })).toBe(false);
  });

  it('keeps $inc-ed running totals equal to the postings sum through holds, captures, releases, expiries and refunds', () => {
    // The same sequence of updates the ledger sends (hold, capture = post + pull hold, release or
    // sweep, refund), applied as `$inc`s and checked against a derivation from scratch after each.
    const customer = 'cus_a';
    const postings: { legs: Leg[] }[] = [
      {
        legs: [
          { account: customer, currency: 'EUR', amount: 10_000 },
          { account: 'equity:opening', currency: 'EUR', amount: -10_000 },
        ],
      },
    ];
    let open: Hold[] = [];
    let totals = derived(postings, customer, open);
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 300; i++) {
      const pay = `pay_${i}`;
      const amount = 1 + rand(400);
      const currency = rand(5) ? 'EUR' : 'USD';
      const step = rand(4);
      if (step < 2 && covers(totals, currency, amount)) {
        open.push(hold(pay, amount, currency));
        totals = applyInc(totals, holdIncrements(currency, amount));
      }
      if (step === 2 && open.length) {
        const h = open[rand(open.length)];
        const draft = postingFor({
          type: 'payment.captured',
          paymentId: h.paymentId,
          merchantId: 'm_x',
          customerId: customer,
          amount: h.amount,
          currency: h.currency,
        })!;
        postings.push(draft);
        open = open.filter((x) => x !== h);
        totals = applyInc(totals, sumIncrements(legIncrements(draft.legs, customer), holdIncrements(h.currency, -h.amount)));
      }
      if (step === 3 && open.length) {
        const h = open[rand(open.length)];
        open = open.filter((x) => x !== h);
        totals = applyInc(totals, holdIncrements(h.currency, -h.amount));
      }
      if (step === 3 && rand(2)) {
        const draft = postingFor({
          type: 'payment.refunded',
          paymentId: pay,
          merchantId: 'm_x',
          customerId: customer,
          amount,
          currency,
          refund: { refundId: `re_${i}`, amount },
        })!;
        postings.push(draft);
        totals = applyInc(totals, legIncrements(draft.legs, customer));
      }
      expect(sameTotals(totals, derived(postings, customer, open))).toBe(true);
      // Holds are only placed when covered, a capture moves posted and held together: never over-committed.
      for (const t of Object.values(totals)) expect(t.available).toBeGreaterThanOrEqual(0);
    }
    expect(postings.length).toBeGreaterThan(20);
  });
});
