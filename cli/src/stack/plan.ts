import { usageError } from '../errors.js';
import { INFRA_NAMES, type InfraName, type ServiceSpec } from './declaration.js';

export interface StartPlan {
  /** Services to start, each level after the previous one is healthy; a level starts in parallel. */
  levels: ServiceSpec[][];
  infra: InfraName[];
}

/**
 * Picks the requested services plus everything they depend on, and orders them so that each
 * starts after its dependencies. Unknown names and cycles are user errors, named precisely.
 */
export function planStart(all: ServiceSpec[], requested: string[] = []): StartPlan {
  const byName = new Map(all.map((s) => [s.name, s]));
  const unknown = requested.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw usageError(
      `unknown service${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
      all.length
        ? `known services: ${all
            .map((s) => s.name)
            .sort()
            .join(', ')}`
        : 'no service is declared under services/ (run `platform generate service <name>`)',
    );
  }
  for (const s of all) {
    for (const d of s.dependsOn) {
      if (!byName.has(d) && !INFRA_NAMES.includes(d as InfraName)) {
        throw usageError(
          `service ${s.name} depends on "${d}", which is neither a service nor kafka/mongo`,
          `fix "dependsOn" in services/${s.name}/package.json`,
        );
      }
    }
  }

  const selected = new Map<string, ServiceSpec>();
  const visit = (name: string, path: string[]) => {
    if (path.includes(name))
      throw usageError(`dependency cycle: ${[...path, name].join(' -> ')}`, 'remove one of these "dependsOn" entries');
    const s = byName.get(name);
    if (!s || selected.has(name)) return;
    for (const d of s.dependsOn) visit(d, [...path, name]);
    selected.set(name, s);
  };
  for (const s of requested.length ? requested.map((n) => byName.get(n)!) : all) visit(s.name, []);

  const level = new Map<string, number>();
  const depth = (s: ServiceSpec): number => {
    if (level.has(s.name)) return level.get(s.name)!;
    const deps = s.dependsOn.filter((d) => selected.has(d)).map((d) => depth(selected.get(d)!));
    const l = deps.length ? Math.max(...deps) + 1 : 0;
    level.set(s.name, l);
    return l;
  };
  const levels: ServiceSpec[][] = [];
  for (const s of selected.values()) (levels[depth(s)] ??= []).push(s);

  // Kafka and the database always start: seed, tail and send need them even when no service does.
  const infra: InfraName[] = [...INFRA_NAMES];
  return { levels: levels.map((l) => l.sort((a, b) => a.name.localeCompare(b.name))), infra };
}
