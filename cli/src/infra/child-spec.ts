import type { Endpoint } from '../stack/state.js';

/** A process the supervisor owns: infrastructure or a service instance. */
export interface ChildSpec {
  name: string;
  kind: 'kafka' | 'mongo' | 'service';
  instance: number;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  address: string;
  endpoint?: Endpoint;
  /** TCP ports that must be free before start. */
  ports: number[];
  /** Supports staged start (built on @platform/nest-kit): may be spawned early and told when to start. */
  staged?: boolean;
}
