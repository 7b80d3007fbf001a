import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import { infraPorts, portOffset } from './ports.js';

const offset = (v: string) => portOffset({ PLATFORM_PORT_OFFSET: v });

describe('PLATFORM_PORT_OFFSET', () => {
  it('shifts every port by a whole number', () => {
    expect(offset('1000')).toBe(1000);
    expect(portOffset({})).toBe(0);
    expect(offset('')).toBe(0);
    expect(infraPorts({ PLATFORM_PORT_OFFSET: '1000' })).toEqual({ kafka: 10092, kafkaController: 10093, mongo: 28017 });
  });

  it.each(['abc', '-5000', '1.5', '1e3', '0x10'])('refuses %j with exit 2, naming the value', (v) => {
    const e = (() => {
      try {
        offset(v);
      } catch (x) {
        return x;
      }
    })() as PlatformError;
    expect(e).toBeInstanceOf(PlatformError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`"${v}"`);
  });

  it.each(['40000', '70000'])('refuses %s, which moves a port past 65535', (v) => {
    expect(() => offset(v)).toThrow(new RegExp(`PLATFORM_PORT_OFFSET=${v} moves the database port 27017 past 65535`));
  });
});
