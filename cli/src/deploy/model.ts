import { usageError } from '../errors.js';
import { planStart } from '../stack/plan.js';
import { assertDistinctPorts } from '../stack/services.js';
import { type ServiceSpec } from '../stack/declaration.js';

/** One service as the chart sees it: what its package.json declares, plus who calls it. */
export interface DeployedService {
  name: string;
  tcpPort: number;
  httpPort?: number;
  /** Reachable from outside the namespace: it declares an HTTP listener. */
  edge: boolean;
  consumes: string[];
  produces: string[];
  /** Services it calls over TCP (its `dependsOn` that are services). */
  calls: string[];
  /** Services that call it over TCP: the only pods its NetworkPolicy admits. */
  callers: string[];
  mongo: boolean;
  kafka: boolean;
  /** Built on nest-kit: its image has the health-probe that speaks `platform.health`; others get TCP probes. */
  nestKit: boolean;
}

export interface DeployedTopic {
  name: string;
  /** A Kubernetes object name for it (topic names may hold characters a name may not). */
  resource: string;
  producers: string[];
  consumers: string[];
  /** The largest `partitions` its producers declare: the starting point for the chart's value. */
  partitions: number;
}

export interface DeployModel {
  services: DeployedService[];
  topics: DeployedTopic[];
  tcpPorts: Record<string, number>;
}

const where = (service: string, field: string) => `services/${service}/package.json "platform".${field}`;

/**
 * Turns the services' declarations into what a cluster needs, refusing what cannot be deployed:
 * a port two services claim, a topic consumed but produced by no one, a dependency cycle.
 */
export function deployModel(specs: ServiceSpec[]): DeployModel {
  if (!specs.length) throw usageError('no service is declared under services/', 'run `platform generate service <name>` first');
  planStart(specs); // unknown dependencies and cycles, named as `platform up` names them
  assertDistinctPorts(specs); // the same refusal as `platform up`'s
  const names = new Set(specs.map((s) => s.name));
  const services = specs.map<DeployedService>((s) => ({
    name: s.name,
    tcpPort: s.tcpPort,
    ...(s.httpPort ? { httpPort: s.httpPort } : {}),
    edge: s.httpPort !== undefined,
    consumes: s.consumes,
    produces: s.produces,
    calls: s.dependsOn.filter((d) => names.has(d)),
    callers: specs.filter((c) => c.dependsOn.includes(s.name)).map((c) => c.name),
    mongo: s.dependsOn.includes('mongo'),
    kafka: s.dependsOn.includes('kafka') || s.consumes.length > 0 || s.produces.length > 0,
    nestKit: s.staged,
  }));
  return { services, topics: topicsOf(specs), tcpPorts: Object.fromEntries(specs.map((s) => [s.name, s.tcpPort])) };
}

function topicsOf(specs: ServiceSpec[]): DeployedTopic[] {
  const topics = new Map<string, DeployedTopic>();
  const topic = (name: string) => {
    if (!topics.has(name)) topics.set(name, { name, resource: resourceName(name), producers: [], consumers: [], partitions: 1 });
    return topics.get(name)!;
  };
  for (const s of specs) {
    for (const t of s.produces) {
      const entry = topic(t);
      entry.producers.push(s.name);
      entry.partitions = Math.max(entry.partitions, s.partitions);
    }
  }
  for (const s of specs) {
    for (const t of s.consumes) {
      if (!topics.has(t))
        throw usageError(
          `${where(s.name, 'consumes')}: topic "${t}" is produced by no service`,
          `declare it in the "produces" of the service that writes it, or remove it from ${s.name}'s "consumes"`,
        );
      topic(t).consumers.push(s.name);
    }
  }
  const byResource = new Map<string, string>();
  for (const t of topics.values()) {
    const clash = byResource.get(t.resource);
    if (clash)
      throw usageError(
        `topics "${clash}" and "${t.name}" map to the same Kubernetes name "${t.resource}"`,
        'rename one of them in the services\' "produces"',
      );
    byResource.set(t.resource, t.name);
  }
  return [...topics.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Kafka allows `._-` and capitals in topic names; Kubernetes names are lowercase DNS labels. */
export function resourceName(topic: string): string {
  return topic
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
