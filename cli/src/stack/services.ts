import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { yamlServices } from './platform-yaml.js';
import { parseDeclaration, type ServiceSpec } from './declaration.js';
import { usageError } from '../errors.js';

/**
 * Every folder under services/ whose package.json has a `platform` key is a service, and so is every
 * app under `services:` in the root's platform.yaml; nothing else lists them.
 */
export function discoverServices(servicesDir: string, root = dirname(servicesDir)): ServiceSpec[] {
  const specs = [...packageServices(servicesDir), ...yamlServices(root)];
  const seen = new Map<string, ServiceSpec>();
  for (const s of specs) {
    if (seen.has(s.name))
      throw usageError(`service "${s.name}" is declared twice (services/${s.name} and platform.yaml)`, 'rename one of them');
    seen.set(s.name, s);
  }
  assertDistinctPorts(specs);
  return specs.sort((a, b) => a.name.localeCompare(b.name));
}

/** Two services on one port cannot both start; say which. */
export function assertDistinctPorts(specs: ServiceSpec[]): void {
  const owners = new Map<number, { name: string; field: string }>();
  for (const s of specs) {
    for (const [field, port] of [
      ['tcpPort', s.tcpPort],
      ['httpPort', s.httpPort],
    ] as const) {
      if (port === undefined) continue;
      const other = owners.get(port);
      if (other && other.name !== s.name)
        throw usageError(
          `${other.name} and ${s.name} both declare port ${port} (${other.name}'s ${other.field}, ${s.name}'s ${field})`,
          'give each service its own port (platform.yaml or its package.json)',
        );
      owners.set(port, { name: s.name, field });
    }
  }
}

function packageServices(servicesDir: string): ServiceSpec[] {
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
  return specs;
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
