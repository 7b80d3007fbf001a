import { usageError } from '../errors.js';

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME = 40;

/**
 * Names a service may not take: infrastructure and `dependsOn` keywords, the CLI's own words, and
 * folder names of the repository itself (a service's name is also its folder and its env prefix).
 */
export const RESERVED_NAMES = new Set([
  'kafka',
  'mongo',
  'mongodb',
  'ferretdb',
  'zookeeper',
  'infra',
  'docker',
  'compose',
  'platform',
  'supervisor',
  'cli',
  'all',
  'service',
  'services',
  'packages',
  'templates',
  'template',
  'node',
  'node-modules',
  'nest',
  'nestjs',
  'test',
  'tests',
  'src',
  'dist',
  'bin',
  'lib',
]);

/** A service name is kebab-case, not reserved, and not taken; says which rule it breaks. */
export function validateServiceName(name: string | undefined, existing: readonly string[] = []): string {
  if (!name) throw usageError('a service name is required', 'e.g. `platform generate service orders`');
  if (!SERVICE_NAME.test(name)) {
    throw usageError(
      `invalid service name "${name}": use kebab-case (lowercase letters and digits, words joined by "-", starting with a letter)`,
      'e.g. `orders` or `order-history`',
    );
  }
  if (name.length > MAX_NAME) throw usageError(`invalid service name "${name}": at most ${MAX_NAME} characters`);
  if (RESERVED_NAMES.has(name))
    throw usageError(`"${name}" is a reserved name`, `pick another name; reserved: ${[...RESERVED_NAMES].join(', ')}`);
  if (existing.includes(name))
    throw usageError(
      `a service named "${name}" already exists (services/${name})`,
      'pick another name, or add a handler to it with `platform generate handler`',
    );
  return name;
}

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/** Kafka's own rule for topic names (legal characters, at most 249). */
export function validateTopic(topic: string, flag: string): string {
  if (!TOPIC.test(topic) || topic === '.' || topic === '..') {
    throw usageError(`invalid topic for ${flag}: "${topic}"`, 'topics use letters, digits, ".", "_" and "-", e.g. `orders.events`');
  }
  return topic;
}

const COLLECTION = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

export function validateCollection(collection: string): string {
  if (!COLLECTION.test(collection) || collection.startsWith('system')) {
    throw usageError(
      `invalid collection name for --mongo: "${collection}"`,
      'use letters, digits, "_" and "-", starting with a letter, e.g. `orders`',
    );
  }
  return collection;
}

export const TRANSPORTS = ['tcp', 'kafka', 'hybrid'] as const;
export type TransportChoice = (typeof TRANSPORTS)[number];

export function validateTransport(value: string): TransportChoice {
  if (!(TRANSPORTS as readonly string[]).includes(value)) {
    throw usageError(
      `unknown transport "${value}" for --transport`,
      `use one of: ${TRANSPORTS.join(', ')} (hybrid = TCP messages and Kafka events)`,
    );
  }
  return value as TransportChoice;
}

/** `order-history` -> `OrderHistory`; `orders.create` -> `OrdersCreate`. */
export function pascalCase(value: string): string {
  return value
    .split(/[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

/** `ordersCreate` / `orders.create` -> `orders-create`. */
export function kebabCase(value: string): string {
  return value
    .split(/[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join('-');
}

/** `order-lines` -> `orderLines`. */
export function camelCase(value: string): string {
  const pascal = pascalCase(value);
  return pascal[0].toLowerCase() + pascal.slice(1);
}
