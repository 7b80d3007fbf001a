import { describe, expect, it } from 'vitest';
import { parseEnvNumber, peerAddress } from './config.js';

describe('peerAddress', () => {
  it('reads the peer port, on the same host as this service under `platform up`', () => {
    expect(peerAddress('ledger', { LEDGER_TCP_PORT: '4002' })).toEqual({ host: '127.0.0.1', port: 4002 });
    expect(peerAddress('fraud-check', { FRAUD_CHECK_TCP_PORT: '4100', PLATFORM_HOST: '127.0.0.2' })).toEqual({
      host: '127.0.0.2',
      port: 4100,
    });
  });

  it('takes the peer host when one is given (Kubernetes: the peer Service name)', () => {
    expect(peerAddress('ledger', { LEDGER_TCP_PORT: '4002', LEDGER_TCP_HOST: 'ledger', PLATFORM_HOST: '0.0.0.0' })).toEqual({
      host: 'ledger',
      port: 4002,
    });
  });

  it('says how to fix a missing port', () => {
    expect(() => peerAddress('ledger', {})).toThrow(/LEDGER_TCP_PORT is not set/);
    expect(peerAddress('ledger', {}, 4002).port).toBe(4002);
  });
});

describe('parseEnvNumber', () => {
  it('takes the default when unset or empty, and a number as given', () => {
    expect(parseEnvNumber('SWEEP_MS', 2000, {})).toBe(2000);
    expect(parseEnvNumber('SWEEP_MS', 2000, { SWEEP_MS: ' ' })).toBe(2000);
    expect(parseEnvNumber('SWEEP_MS', 2000, { SWEEP_MS: '500' })).toBe(500);
    expect(parseEnvNumber('CACHE_MS', 5000, { CACHE_MS: '0' })).toBe(0);
  });

  it('refuses what is not a number at or above the minimum, naming the variable and the default', () => {
    expect(() => parseEnvNumber('SWEEP_MS', 2000, { SWEEP_MS: 'abc' }, 1)).toThrow(
      'SWEEP_MS="abc" is not a number >= 1: set e.g. SWEEP_MS=2000',
    );
    expect(() => parseEnvNumber('SWEEP_MS', 2000, { SWEEP_MS: '0' }, 1)).toThrow(/not a number >= 1/);
    expect(() => parseEnvNumber('SWEEP_MS', 2000, { SWEEP_MS: '-5' })).toThrow(/not a number >= 0/);
    expect(() => parseEnvNumber('SWEEP_MS', 2000, { SWEEP_MS: 'Infinity' })).toThrow(/Infinity/);
  });
});
