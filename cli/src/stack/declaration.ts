import { join } from 'node:path';
import { usageError } from '../errors.js';

export const INFRA_NAMES = ['kafka', 'mongo'] as const;
export type InfraName = (typeof INFRA_NAMES)[number];
export type Transport = 'tcp' | 'kafka' | 'http';

/**
 * A service as declared under the `platform` key of services/<name>/package.json, or under
 * `services:` in platform.yaml at the project root (an adopted NestJS repository, see docs/adopt.md).
 */
export interface ServiceSpec {
  name: string;
  /** Where it is built and run: its package folder, or the repository root for a platform.yaml app. */
  dir: string;
  /** Its source entry (src/main.ts), for patterns read from source. */
  entry: string;
  /** The compiled file `node` runs, relative to dir. */
  start: string;
  /** Shell command that builds it, run in dir; none means `npm run build` when the sources changed. */
  build?: string;
  /** Extra environment, mapped to what its code reads; `{tcpPort}`-style placeholders are filled in. */
  env: Record<string, string>;
  /**
   * `platform`: answers platform.health (nest-kit); `round-trip`: any TCP reply, even "no handler",
   * means up; `kafka-group`: a Kafka-only app, up when `kafkaGroup` is Stable with members.
   */
  health: 'platform' | 'round-trip' | 'kafka-group';
  kafkaGroup?: string;
  description: string;
  tcpPort: number;
  httpPort?: number;
  transports: Transport[];
  consumes: string[];
  produces: string[];
  dependsOn: string[];
  partitions: number;
  /** Built on @platform/nest-kit, so it supports staged start (spawned early, started in order). */
  staged: boolean;
}

/** What an `env` value in a declaration may refer to, filled in per instance when it starts. */
export const ENV_PLACEHOLDERS = ['tcpPort', 'httpPort', 'kafkaBrokers', 'mongoUrl', 'host'];

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A service's declaration (package.json `platform`, or platform.yaml) read and checked. */
export function parseDeclaration(name: string, dir: string, pkg: Record<string, unknown>): ServiceSpec {
  const kit = Boolean((pkg.dependencies as Record<string, string> | undefined)?.['@platform/nest-kit']);
  return parseFields(name, pkg.platform, `services/${name}/package.json "platform"`, 'docs/service-contract.md', {
    dir,
    entry: join(dir, 'src', 'main.ts'),
    start: 'dist/main.js',
    description: typeof pkg.description === 'string' ? pkg.description : '',
    staged: kit,
    health: kit ? 'platform' : 'round-trip',
  });
}

type Defaults = Pick<ServiceSpec, 'dir' | 'entry' | 'start' | 'description' | 'staged' | 'health' | 'kafkaGroup'> & { build?: string };

/** The fields both declaration places share, checked the same way. */
export function parseFields(name: string, p: unknown, where: string, docs: string, defaults: Defaults): ServiceSpec {
  const bad = (what: string) => usageError(`${where}: ${what}`, `see ${docs} for the declaration format`);
  if (!NAME.test(name)) throw bad(`the folder name "${name}" must be kebab-case`);
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad('must be an object');
  return fields(name, p as Record<string, unknown>, bad, defaults);
}

function fields(name: string, p: Record<string, unknown>, bad: (what: string) => Error, defaults: Defaults): ServiceSpec {
  const port = (key: string, required: boolean): number | undefined => {
    const v = p[key];
    if (v === undefined && !required) return undefined;
    if (typeof v === 'string' && v.startsWith('TODO'))
      throw bad(`"${key}" is still a TODO (${v}): fill in the port this service listens on`);
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 65535)
      throw bad(`"${key}" must be a port number (1-65535), got ${JSON.stringify(v)}`);
    return v as number;
  };
  const list = (key: string): string[] => {
    const v = p[key] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`"${key}" must be a list of strings`);
    return v as string[];
  };
  const transports = list('transports') as Transport[];
  const unknown = transports.filter((t) => !['tcp', 'kafka', 'http'].includes(t));
  if (unknown.length) throw bad(`unknown transport ${unknown.join(', ')} (expected tcp, kafka or http)`);
  const partitions = p.partitions ?? 3;
  if (!Number.isInteger(partitions) || (partitions as number) < 1) throw bad('"partitions" must be a positive whole number');
  const env = p.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string'))
    throw bad('"env" must map variable names to strings');
  for (const [variable, template] of Object.entries(env as Record<string, string>)) {
    const unknown = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((k) => !ENV_PLACEHOLDERS.includes(k));
    if (unknown.length)
      throw bad(`env ${variable}: unknown placeholder {${unknown[0]}} (known: ${ENV_PLACEHOLDERS.map((k) => `{${k}}`).join(', ')})`);
  }
  return {
    ...defaults,
    name,
    env: env as Record<string, string>,
    tcpPort: port('tcpPort', true)!,
    httpPort: port('httpPort', false),
    transports: transports.includes('tcp') ? transports : ['tcp', ...transports],
    consumes: list('consumes'),
    produces: list('produces'),
    dependsOn: list('dependsOn'),
    partitions: partitions as number,
  };
}
