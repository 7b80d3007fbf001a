import { describe, expect, it } from 'vitest';
import { choosePorts, parsePort } from './ports.js';

const services = [
  { name: 'gateway', tcpPort: 4000, httpPort: 3000 },
  { name: 'payments', tcpPort: 4001 },
  { name: 'ledger', tcpPort: 4003 },
];

describe('choosePorts', () => {
  it('takes the lowest TCP port no service declares, filling gaps', () => {
    expect(choosePorts(services, { http: false })).toEqual({ tcpPort: 4002, httpPort: undefined });
    expect(choosePorts([], { http: false })).toEqual({ tcpPort: 4000, httpPort: undefined });
  });

  it('takes the next free HTTP port when asked for HTTP', () => {
    expect(choosePorts(services, { http: true })).toEqual({ tcpPort: 4002, httpPort: 3001 });
  });

  it('keeps a free --port and refuses a taken one, naming its owner', () => {
    expect(choosePorts(services, { tcpPort: 4500, http: false }).tcpPort).toBe(4500);
    expect(() => choosePorts(services, { tcpPort: 4001, http: false })).toThrow('port 4001 (--port) is taken by service "payments"');
    expect(() => choosePorts(services, { tcpPort: 3000, http: false })).toThrow('taken by service "gateway"');
    expect(() => choosePorts(services, { tcpPort: 9092, http: false })).toThrow('port 9092 (--port) is taken by "kafka"');
  });

  it('never gives TCP and HTTP the same port', () => {
    expect(() => choosePorts([], { tcpPort: 3000, http: true, httpPort: 3000 })).toThrow('taken by service "this service"');
    const p = choosePorts([{ name: 'x', tcpPort: 2999 }], { tcpPort: 3000, http: true });
    expect(p).toEqual({ tcpPort: 3000, httpPort: 3001 });
  });
});

describe('parsePort', () => {
  it('accepts 1-65535 and refuses the rest with exit 2', () => {
    expect(parsePort('4100', '--port')).toBe(4100);
    expect(parsePort(undefined, '--port')).toBeUndefined();
    for (const bad of ['0', '65536', 'abc', '41.5', '-1']) expect(() => parsePort(bad, '--port')).toThrow(/--port must be a port number/);
  });
});
