import { describe, expect, it } from 'vitest';
import { peerAddress } from './config.js';

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
