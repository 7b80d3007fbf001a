import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { usageError } from '../errors.js';
import { parseFields, type ServiceSpec } from './declaration.js';

export const PLATFORM_YAML = 'platform.yaml';

/**
 * The apps of an adopted repository, from `services:` in platform.yaml (written by `platform init`):
 *
 *   services:
 *     orders:
 *       entry: apps/orders/src/main.ts      # source, for `patterns --static`
 *       build: npx nest build orders        # run at the root
 *       start: dist/apps/orders/main.js     # what `node` runs, from the root
 *       tcpPort: 3001
 *       transports: [tcp, kafka]
 *       consumes: [orders.created]
 *       env: { PORT: "{tcpPort}", KAFKA_BROKER: "{kafkaBrokers}" }
 */
export function yamlServices(root: string): ServiceSpec[] {
  const file = join(root, PLATFORM_YAML);
  if (!existsSync(file)) return [];
  let doc: { services?: Record<string, Record<string, unknown>> } | null;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw usageError(`${PLATFORM_YAML} is not valid YAML: ${(e as Error).message}`, 'fix the file (or run `platform init` again)');
  }
  const services = doc?.services ?? {};
  if (typeof services !== 'object' || Array.isArray(services))
    throw usageError(`${PLATFORM_YAML}: "services" must map app names to their declarations`);
  return Object.entries(services).map(([name, decl]) => {
    const where = `${PLATFORM_YAML} services.${name}`;
    const text = (key: string, fallback?: string): string => {
      const v = decl?.[key] ?? fallback;
      if (typeof v !== 'string' || !v)
        throw usageError(`${where}: "${key}" must be a path or command`, 'see docs/adopt.md for the declaration format');
      return v;
    };
    return parseFields(name, decl, where, 'docs/adopt.md', {
      dir: root,
      entry: join(root, text('entry')),
      start: text('start'),
      build: decl?.build === undefined ? undefined : text('build'),
      // A Kafka-only app listens on no TCP port (tcpPort is then only reserved): its group tells.
      kafkaGroup: decl?.kafkaGroup === undefined ? undefined : text('kafkaGroup'),
      description: typeof decl?.description === 'string' ? decl.description : '',
      staged: false,
      health: decl?.kafkaGroup === undefined ? 'round-trip' : 'kafka-group',
    });
  });
}
