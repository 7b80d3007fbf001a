import { describe, expect, it } from 'vitest';
import { getPath, interpolate, MissingVariableError, references } from './interpolate.js';

describe('interpolate', () => {
  const vars = { paymentId: 'pay_1', amount: 1500, payment: { id: 'pay_2', items: [{ sku: 'a' }] } };

  it('replaces variables inside strings and keeps the type of a whole-string variable', () => {
    expect(interpolate({ path: '/payments/${paymentId}', amount: '${amount}', note: 'paid ${amount} cents' }, vars)).toEqual({
      path: '/payments/pay_1',
      amount: 1500,
      note: 'paid 1500 cents',
    });
  });

  it('follows paths into captured objects and arrays, inside arrays and keys', () => {
    expect(interpolate(['${payment.id}', { '${paymentId}': '${payment.items[0].sku}' }], vars)).toEqual(['pay_2', { pay_1: 'a' }]);
  });

  it('embeds objects as JSON in a longer string', () => {
    expect(interpolate('x=${payment.items}', vars)).toBe('x=[{"sku":"a"}]');
  });

  it('leaves $${ as a literal and non-strings as they are', () => {
    expect(interpolate({ a: 'cost $${amount}', b: 3, c: null, d: true }, vars)).toEqual({ a: 'cost ${amount}', b: 3, c: null, d: true });
  });

  it('throws on an unknown variable or a path that is not there', () => {
    expect(() => interpolate('${nope}', vars)).toThrow(MissingVariableError);
    expect(() => interpolate('id ${payment.missing}', vars)).toThrow('${payment.missing} is not defined');
  });

  it('lists the variables a value refers to', () => {
    expect(references({ a: '${x} and ${ y.z }', b: ['${w[0]}', '$${not}'] })).toEqual(['x', 'y', 'w']);
  });

  it('reads paths', () => {
    expect(getPath({ body: { items: [{ id: 7 }] } }, 'body.items[0].id')).toBe(7);
    expect(getPath({ body: null }, 'body.id')).toBeUndefined();
  });
});
