import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDataset, syntheticDocs } from './seed.js';

describe('parseDataset', () => {
  it('reads EJSON types', () => {
    const d = parseDataset('{"payments":[{"_id":"p1","at":{"$date":"2025-01-01T00:00:00Z"},"n":{"$numberLong":"5"}}]}', 'f.json');
    expect(d.payments[0].at).toBeInstanceOf(Date);
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
    const path = fileURLToPath(new URL('../../../../demos/data/payment-flow.json', import.meta.url));
    const d = parseDataset(readFileSync(path, 'utf8'), path);
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['customers', 'payment_methods', 'ledger_accounts']));
  });
});

describe('syntheticDocs', () => {
  it('is deterministic and keeps the double entry balanced', () => {
    const a = syntheticDocs(10, 13);
    expect(a).toEqual(syntheticDocs(10, 13));
    expect(a.customers.map((c) => c._id)).toEqual(['cus_syn_00000010', 'cus_syn_00000011', 'cus_syn_00000012']);
    for (const p of a.ledger_postings) expect(p.legs.reduce((s: number, l: { amount: number }) => s + l.amount, 0)).toBe(0);
    expect(a.payment_methods[0].customerId).toBe('cus_syn_00000010');
    expect(new Set(Object.values(a).map((docs) => docs.length))).toEqual(new Set([3]));
  });
});
