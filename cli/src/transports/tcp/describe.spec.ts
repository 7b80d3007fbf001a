import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { exampleFor, exampleFromSchema, findPattern, sampleForPattern } from './describe.js';

const ajv = new Ajv({ strict: false });

describe('exampleFromSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      amount: { type: 'integer', minimum: 1 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      email: { type: 'string', format: 'email' },
      kind: { type: 'string', enum: ['card', 'bank'] },
      note: { type: 'string', minLength: 10, maxLength: 20 },
      tags: { type: 'array', items: { type: 'string' } },
      card: { $ref: '#/definitions/CardDto' },
      rate: { type: 'number', exclusiveMinimum: 0 },
      active: { type: 'boolean' },
    },
    required: ['amount', 'currency'],
    definitions: { CardDto: { type: 'object', properties: { last4: { type: 'string', pattern: '^\\d{4}$' } }, required: ['last4'] } },
  };

  it('generates a payload that validates against the schema', () => {
    const sample = exampleFromSchema(schema) as Record<string, unknown>;
    expect(sample).toMatchObject({
      amount: 1,
      currency: 'AAA',
      email: 'user@example.com',
      kind: 'card',
      card: { last4: '1111' },
      active: true,
    });
    expect(ajv.validate(schema, sample)).toBe(true);
  });

  it('prefers declared examples and defaults', () => {
    expect(exampleFromSchema({ type: 'string', examples: ['EUR'] })).toBe('EUR');
    expect(exampleFromSchema({ type: 'integer', default: 5 })).toBe(5);
    expect(exampleFor({ pattern: 'x', kind: 'message', transport: 'tcp', example: { name: 'Ada' }, schema })).toEqual({ name: 'Ada' });
    expect(exampleFor({ pattern: 'x', kind: 'event', transport: 'tcp' })).toEqual({});
  });

  it('samples simple regex patterns and gives up on the rest', () => {
    expect(sampleForPattern('^cus_[a-z0-9]+$')).toBe('cus_a');
    expect(sampleForPattern('^[A-Z]{3}$')).toBe('AAA');
    expect(sampleForPattern('^(a|b)$')).toBeUndefined();
  });
});

describe('findPattern', () => {
  const d = {
    service: 's',
    patterns: [
      { pattern: { v: 1, cmd: 'sum' }, kind: 'message' as const, transport: 'tcp' as const },
      { pattern: 'a.b', kind: 'event' as const, transport: 'tcp' as const },
    ],
  };
  it('matches object patterns whatever the key order', () => expect(findPattern(d, { cmd: 'sum', v: 1 })?.kind).toBe('message'));
  it('matches string patterns', () => expect(findPattern(d, 'a.b')?.kind).toBe('event'));
  it('misses unknown patterns', () => expect(findPattern(d, 'nope')).toBeUndefined());
});
