import { usageError } from '../errors.js';
import type { ServiceSpec } from '../stack/declaration.js';

/** Where new services' ports start: TCP beside the reference flow's 4000-4003, HTTP beside the gateway's 3000. */
export const FIRST_TCP_PORT = 4000;
export const FIRST_HTTP_PORT = 3000;

/** Infrastructure's default ports are never a service's (both are shifted by the same offset). */
const INFRA_PORTS = new Map<number, string>([
  [9092, 'kafka'],
  [9093, 'kafka'],
  [27017, 'mongo'],
]);

export interface PortChoice {
  tcpPort: number;
  httpPort?: number;
}

/**
 * Picks the lowest ports no service declares (tcpPort or httpPort), or checks the ones asked for.
 * Declared ports, not live ones: `platform up` shifts them all by PLATFORM_PORT_OFFSET anyway.
 */
export function choosePorts(
  services: readonly Pick<ServiceSpec, 'name' | 'tcpPort' | 'httpPort'>[],
  wanted: { tcpPort?: number; httpPort?: number; http: boolean },
): PortChoice {
  const owners = new Map<number, string>(INFRA_PORTS);
  for (const s of services) {
    owners.set(s.tcpPort, s.name);
    if (s.httpPort !== undefined) owners.set(s.httpPort, s.name);
  }
  const take = (port: number | undefined, first: number, flag: string): number => {
    if (port !== undefined) {
      const owner = owners.get(port);
      if (owner)
        throw usageError(
          `port ${port} (${flag}) is taken by ${INFRA_PORTS.has(port) ? '' : 'service '}"${owner}"`,
          `leave out ${flag} to get the next free port`,
        );
    } else {
      port = first;
      while (owners.has(port)) port++;
    }
    owners.set(port, 'this service');
    return port;
  };
  const tcpPort = take(wanted.tcpPort, FIRST_TCP_PORT, '--port');
  const httpPort = wanted.http || wanted.httpPort !== undefined ? take(wanted.httpPort, FIRST_HTTP_PORT, '--http-port') : undefined;
  return { tcpPort, httpPort };
}

/** A port given on the command line: a whole number in 1-65535 (offsets are added at `up`). */
export function parsePort(value: string | number | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw usageError(`${flag} must be a port number (1-65535), got "${value}"`);
  return n;
}
