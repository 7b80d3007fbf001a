import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, IsCurrency } from './currency.js';

class Priced {
  currency!: string;
}
IsCurrency()(Priced.prototype, 'currency'); // decorator syntax is not compiled in specs

const check = (currency: unknown) => {
  const value = plainToInstance(Priced, { currency });
  return { value: value.currency, errors: validateSync(value).length };
};

describe('IsCurrency', () => {
  it('normalises the case of ISO 4217 codes', () => {
    expect(check('eur')).toEqual({ value: 'EUR', errors: 0 });
    expect(check(' Usd ')).toEqual({ value: 'USD', errors: 0 });
  });

  it('refuses codes that are not money: XXX, XTS, gold, funds codes, made-up ones', () => {
    for (const code of ['XXX', 'xts', 'XAU', 'USN', 'EURO', 'ABC', '', 42]) expect(check(code).errors, String(code)).toBe(1);
  });

  it('keeps real currencies whose code starts with X', () => {
    for (const code of ['XAF', 'XOF', 'XPF', 'XCD']) expect(CURRENCIES).toContain(code);
  });
});
