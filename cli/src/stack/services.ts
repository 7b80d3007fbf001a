import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../errors.js';

export const INFRA_NAMES = ['kafka', 'mongo'] as const;
export type InfraName = (typeof INFRA_NAMES)[number];
export type Transport = 'tcp' | 'kafka' | 'http';

/** A service as declared under the `platform` key of services/<name>/package.json. */
export interface ServiceSpec {
  name: string;
  dir: string;
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

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Every folder under services/ whose package.json has a `platform` key is a service; nothing lists them by hand. */
export function discoverServices(servicesDir: string): ServiceSpec[] {
  if (!existsSync(servicesDir)) return [];
  const specs: ServiceSpec[] = [];
  for (const entry of readdirSync(servicesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const pkgPath = join(servicesDir, entry.name, 'package.json');
    if (!existsSync(pkgPath)) continue;
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    } catch (e) {
      throw usageError(`${pkgPath} is not valid JSON: ${(e as Error).message}`, 'fix the file, then run the command again');
    }
    if (!pkg.platform) continue;
    specs.push(parseDeclaration(entry.name, join(servicesDir, entry.name), pkg));
  }
  return specs.sort((a, b) => a.name.localeCompare(b.name));
}

export function parseDeclaration(name: string, dir: string, pkg: Record<string, unknown>): ServiceSpec {
  const p = pkg.platform as Record<string, unknown>;
  const where = `services/${name}/package.json "platform"`;
  const bad = (what: string) => usageError(`${where}: ${what}`, 'see docs/service-contract.md for the declaration format');
  if (!NAME.test(name)) throw bad(`the folder name "${name}" must be kebab-case`);
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad('must be an object');
  const port = (key: string, required: boolean): number | undefined => {
    const v = p[key];
    if (v === undefined && !required) return undefined;
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 65535) throw bad(`"${key}" must be a port number (1-65535), got ${JSON.stringify(v)}`);
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
  return {
    name,
    dir,
    description: typeof pkg.description === 'string' ? pkg.description : '',
    tcpPort: port('tcpPort', true)!,
    httpPort: port('httpPort', false),
    transports: transports.includes('tcp') ? transports : ['tcp', ...transports],
    consumes: list('consumes'),
    produces: list('produces'),
    dependsOn: list('dependsOn'),
    partitions: partitions as number,
    staged: Boolean((pkg.dependencies as Record<string, string> | undefined)?.['@platform/nest-kit']),
  };
}

/** Topics the stack needs before services start: everything declared, plus the reply topic of none. */
export function declaredTopics(services: ServiceSpec[]): Map<string, number> {
  const topics = new Map<string, number>();
  for (const s of services) {
    for (const t of s.produces) topics.set(t, Math.max(topics.get(t) ?? 1, s.partitions));
    for (const t of s.consumes) if (!topics.has(t)) topics.set(t, s.partitions);
  }
  return topics;
}
