import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDataset, syntheticOf } from './seed.js';

describe('parseDataset', () => {
  it('reads EJSON types', () => {
    const d = parseDataset('{"payments":[{"_id":"p1","at":{"$date":"2025-01-01T00:00:00Z"},"n":{"$numberLong":"5"}}]}', 'f.json');
    expect(d.collections.payments[0].at).toBeInstanceOf(Date);
  });
  it('rejects malformed JSON with a position, and documents without _id', () => {
    expect(() => parseDataset('{"c":[{"_id":1,}]}', 'f.json')).toThrow(/f\.json is not valid JSON at line 1, column 16/);
    expect(() => parseDataset('{"c":[{"name":"x"}]}', 'f.json')).toThrow(/c\[0\] has no _id/);
    expect(() => parseDataset('[1]', 'f.json')).toThrow(/expected an object of collections/);
    expect(() => parseDataset('{"c":{}}', 'f.json')).toThrow(/must be an array/);
  });

  it('refuses a document over 16 MiB before anything is written, naming it', () => {
    const big = JSON.stringify({ customers: [{ _id: 'ok' }, { _id: 'huge', notes: 'x'.repeat(17 * 2 ** 20) }] });
    expect(() => parseDataset(big, 'f.json')).toThrow(/f\.json: customers\[1\] is 17\.0 MiB; a MongoDB document holds at most 16 MiB/);
  });
  it('accepts the shipped payment-flow dataset', () => {
    const d = shipped();
    expect(Object.keys(d.collections)).toEqual(expect.arrayContaining(['customers', 'payment_methods', 'ledger_accounts']));
    expect(d.collections.$seed).toBeUndefined();
    expect(d.seed.apiKeys).toEqual({ owners: 'merchants' });
  });

  it('refuses a $seed that is not an object, and apiKeys without owners', () => {
    expect(() => parseDataset('{"$seed":[1]}', 'f.json')).toThrow(/"\$seed" must be an object/);
    expect(() => parseDataset('{"$seed":{"apiKeys":{}}}', 'f.json')).toThrow(/apiKeys needs "owners"/);
  });

  it('refuses an apiKey outside the declared owners: it would be stored in clear', () => {
    expect(() => parseDataset('{"merchants":[{"_id":"m","apiKey":"sk_test_0123456789abcdef"}]}', 'f.json')).toThrow(
      /merchants\[0\] has an apiKey, which would be stored in clear/,
    );
    expect(
      parseDataset('{"merchants":[{"_id":"m","apiKey":"sk_test_0123456789abcdef"}],"$seed":{"apiKeys":{"owners":"merchants"}}}', 'f.json')
        .collections.merchants,
    ).toHaveLength(1);
  });
});

const shipped = () => {
  const path = fileURLToPath(new URL('../../../../demos/data/payment-flow.json', import.meta.url));
  return parseDataset(readFileSync(path, 'utf8'), path);
};

describe("the shipped dataset's synthetic customers", () => {
  const synthetic = syntheticOf(shipped());

  it('are the documents seed --count always wrote (customer 10 as the generator in code made it)', () => {
    expect(synthetic.docs(10, 11)).toEqual({
      customers: [{ _id: 'cus_syn_00000010', merchantId: 'm_synthetic', name: 'Ada Hopper 10', email: 'ada.hopper.10@example.com' }],
      payment_methods: [
        { _id: 'pm_syn_00000010', customerId: 'cus_syn_00000010', brand: 'mastercard', last4: '1010', expMonth: 11, expYear: 2030 },
      ],
      ledger_accounts: [{ _id: 'cus_syn_00000010', kind: 'customer', merchantId: 'm_synthetic' }],
      ledger_postings: [
        {
          _id: 'opening:cus_syn_00000010:EUR',
          postingKey: 'opening:cus_syn_00000010:EUR',
          kind: 'opening',
          legs: [
            { account: 'cus_syn_00000010', currency: 'EUR', amount: 89190 },
            { account: 'equity:opening', currency: 'EUR', amount: -89190 },
          ],
          accounts: ['cus_syn_00000010', 'equity:opening'],
          createdAt: new Date('2025-01-01T00:00:00Z'),
        },
      ],
    });
    expect(synthetic.idPrefix).toEqual({
      customers: 'cus_syn_',
      payment_methods: 'pm_syn_',
      ledger_accounts: 'cus_syn_',
      ledger_postings: 'opening:cus_syn_',
    });
  });

  it('are deterministic and keep the double entry balanced', () => {
    const a = synthetic.docs(10, 13);
    expect(a).toEqual(synthetic.docs(10, 13));
    expect(a.customers.map((c) => c._id)).toEqual(['cus_syn_00000010', 'cus_syn_00000011', 'cus_syn_00000012']);
    for (const p of a.ledger_postings) expect(p.legs.reduce((s: number, l: { amount: number }) => s + l.amount, 0)).toBe(0);
    expect(a.payment_methods[0].customerId).toBe('cus_syn_00000010');
    expect(new Set(Object.values(a).map((docs) => docs.length))).toEqual(new Set([3]));
  });
});

describe('syntheticOf', () => {
  it('refuses --count on a dataset without templates, naming the fix', () => {
    expect(() => syntheticOf(parseDataset('{"c":[{"_id":1}]}', 'f.json'))).toThrow(/f\.json declares no synthetic documents for --count/);
  });
});
