import type { ServiceSpec } from './services.js';

/**
 * PLATFORM_PORT_OFFSET shifts every port of the stack (infra and services) so that two stacks,
 * e.g. a workshop's and a test's, can run side by side on one machine.
 */
export function portOffset(env = process.env): number {
  const raw = env.PLATFORM_PORT_OFFSET ?? '0';
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n < 50000 ? n : 0;
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
  return { tcp: spec.tcpPort + off, http: spec.httpPort === undefined ? undefined : spec.httpPort + off };
}
