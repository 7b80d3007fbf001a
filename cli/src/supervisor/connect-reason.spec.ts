import { describe, expect, it } from 'vitest';
import { connectReason } from './connect-reason.js';

describe('connectReason', () => {
  it('says in a few words why a server did not answer', () => {
    expect(connectReason(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('connection refused');
    expect(connectReason(new Error('Server selection timed out after 2000 ms'))).toBe('no answer (timed out)');
    expect(connectReason(new Error('getaddrinfo ENOTFOUND nohost'))).toBe('host not found');
  });

  it('keeps the first line of an error it does not know', () => {
    expect(connectReason(new Error('something odd\nat x.js:1'))).toBe('something odd');
  });
});
