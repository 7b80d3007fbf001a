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
  /** TCP port that must be free before start and answer once healthy. */
  ports: number[];
}
