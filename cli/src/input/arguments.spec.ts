import { describe, expect, it } from 'vitest';
import { usageMessage } from '../../test/support/usage-error.js';
import { intOption, jsonErrorPosition, parseHeaders, parseJson } from './arguments.js';

const usage = usageMessage;

describe('parseJson', () => {
  it('parses valid JSON', () => expect(parseJson('{"a":[1,true,null]}', 'data')).toEqual({ a: [1, true, null] }));

  it('names the line and column where the JSON breaks, also where V8 gives no position', () => {
    expect(usage(() => parseJson('{"name": abc}', 'data'))).toMatch(/data is not valid JSON at line 1, column 10/);
    expect(usage(() => parseJson('{\n  "a": 1,\n}', 'payload.json'))).toMatch(/payload\.json is not valid JSON at line 3, column 1/);
    expect(usage(() => parseJson('{"a":', 'x'))).toMatch(/line 1, column 6 \(end of input\)/);
  });
});

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a":1}', undefined],
    ['[1, 2, {"b": "c\\u00e9"}]', undefined],
    ['{"a":1,}', 7],
    ["{'a':1}", 1],
    ['[1 2]', 3],
    ['{"a":1} x', 8],
    ['"unterminated', 13],
    ['01', 1],
    ['tru', 0],
    ['[nul]', 1],
  ])('%s -> %s', (text, pos) => expect(jsonErrorPosition(text)).toBe(pos));
});

describe('parseHeaders', () => {
  it('splits on the first =', () =>
    expect(parseHeaders(['event-type=payment.captured', 'q=a=b', 'empty='])).toEqual({
      'event-type': 'payment.captured',
      q: 'a=b',
      empty: '',
    }));
  it('rejects a header without key=value, naming it', () => {
    expect(usage(() => parseHeaders(['novalue']))).toMatch(/invalid header "novalue"/);
    expect(usage(() => parseHeaders(['=v']))).toMatch(/invalid header "=v"/);
  });
});

describe('intOption', () => {
  it('parses and defaults', () => {
    expect(intOption('5', '--count')).toBe(5);
    expect(intOption(undefined, '--count', { fallback: 3 })).toBe(3);
    expect(intOption('0', '--partition', { min: 0 })).toBe(0);
  });
  it('names the flag on bad input', () => expect(usage(() => intOption('x', '--repeat'))).toMatch(/--repeat must be a whole number/));
});
