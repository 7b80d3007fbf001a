import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError, normalizePattern } from './framing.js';

describe('NestJS TCP framing', () => {
  it('prefixes the JSON with its length in UTF-16 code units, not bytes', () => {
    const frame = encodeFrame({ pattern: 'x', data: 'é€😀' });
    const [len, json] = [frame.slice(0, frame.indexOf('#')), frame.slice(frame.indexOf('#') + 1)];
    expect(Number(len)).toBe(json.length);
    expect(Number(len)).not.toBe(Buffer.byteLength(json));
  });

  it('sorts object pattern keys recursively, like Nest does', () => {
    expect(normalizePattern({ role: 'math', cmd: { b: 1, a: 2 } })).toBe('{"cmd":{"a":2,"b":1},"role":"math"}');
    expect(normalizePattern('payments.create')).toBe('payments.create');
  });

  it('decodes frames split across chunks and several frames in one chunk', () => {
    const d = new FrameDecoder();
    const two = encodeFrame({ a: 1 }) + encodeFrame({ b: '😀' });
    expect(d.push(two.slice(0, 5))).toEqual([]);
    expect(d.push(two.slice(5))).toEqual([{ a: 1 }, { b: '😀' }]);
  });

  it('refuses garbage and oversize frames instead of buffering forever', () => {
    expect(() => new FrameDecoder().push('x'.repeat(30))).toThrow(FrameError);
    expect(() => new FrameDecoder().push('abc#{}')).toThrow(/bad length/);
    expect(() => new FrameDecoder(10).push('11#')).toThrow(/exceeds/);
    expect(() => new FrameDecoder().push('3#{x}')).toThrow(/not JSON/);
  });
});
