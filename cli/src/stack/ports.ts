import { usageError } from '../errors.js';
import type { ServiceSpec } from './declaration.js';

const MAX_PORT = 65535;
/** The highest port the stack declares by default (the database's). */
const HIGHEST_BASE_PORT = 27017;

/**
 * PLATFORM_PORT_OFFSET shifts every port of the stack (infra and services) so that two stacks,
 * e.g. a workshop's and a test's, can run side by side on one machine. A value that is not a whole
 * number, or that moves a port past 65535, is a usage error: silently using 0 would collide.
 */
export function portOffset(env = process.env): number {
  const raw = env.PLATFORM_PORT_OFFSET?.trim() || '0';
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n))
    throw usageError(`PLATFORM_PORT_OFFSET="${env.PLATFORM_PORT_OFFSET}" is not a whole number >= 0`, 'e.g. PLATFORM_PORT_OFFSET=2000');
  if (HIGHEST_BASE_PORT + n > MAX_PORT)
    throw usageError(
      `PLATFORM_PORT_OFFSET=${raw} moves the database port ${HIGHEST_BASE_PORT} past ${MAX_PORT}`,
      `use at most ${MAX_PORT - HIGHEST_BASE_PORT}`,
    );
  return n;
}

function checked(port: number, what: string): number {
  if (port > MAX_PORT)
    throw usageError(
      `${what} port ${port} is past ${MAX_PORT} (PLATFORM_PORT_OFFSET=${process.env.PLATFORM_PORT_OFFSET ?? 0})`,
      'use a smaller PLATFORM_PORT_OFFSET',
    );
  return port;
}

export const HOST = '127.0.0.1';

export interface InfraPorts {
  kafka: number;
  kafkaController: number;
  mongo: number;
}

export function infraPorts(env = process.env): InfraPorts {
  const off = portOffset(env);
  return { kafka: 9092 + off, kafkaController: 9093 + off, mongo: 27017 + off };
}

/** The dashboard's port (served by the supervisor on 127.0.0.1). */
export function dashboardPort(env = process.env): number {
  return 7700 + portOffset(env);
}

/** Ports of one instance: instance 0 uses the declared ports; instance n adds 100 * n. */
export function instancePorts(spec: ServiceSpec, instance = 0, env = process.env): { tcp: number; http?: number } {
  const off = portOffset(env) + 100 * instance;
  return {
    tcp: checked(spec.tcpPort + off, `${spec.name} tcp`),
    http: spec.httpPort === undefined ? undefined : checked(spec.httpPort + off, `${spec.name} http`),
  };
}
