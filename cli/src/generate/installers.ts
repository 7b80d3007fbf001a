import { fillGreetings, greetingsSchematics } from './greetings-plan.js';
import { kebabCase, type TransportChoice } from './names.js';
import { MONGOOSE_DEPENDENCIES, planResource, RESOURCE_DEPENDENCIES, resourceNames, resourceSchematics } from './resource-plan.js';
import type { SchematicStep } from './schematics.js';

/** Everything `platform generate service` decided, after flags, prompts and defaults. */
export interface ServiceOptions {
  name: string;
  transport: TransportChoice;
  http: boolean;
  /** Collection name when the service stores data in MongoDB. */
  mongo?: string;
  tcpPort: number;
  httpPort?: number;
  /** Kafka topics (transport kafka or hybrid). */
  consumes?: string;
  produces?: string;
}

/** The `platform` key of the new service's package.json (docs/service-contract.md). */
export interface Declaration {
  tcpPort: number;
  httpPort?: number;
  transports: string[];
  consumes: string[];
  produces: string[];
  dependsOn: string[];
}

export interface PatternSummary {
  pattern: string;
  kind: 'message' | 'event' | 'route';
  transport: 'tcp' | 'kafka' | 'http';
  description: string;
}

/**
 * An optional part of a generated service (create-t3-app's "installers"): real, type-checked files
 * under templates/, the dependencies they need, the modules AppModule imports, and what they add
 * to the declaration.
 */
export interface Installer {
  name: string;
  applies(o: ServiceOptions): boolean;
  /** Folder under templates/ holding its files, laid out like the service (src/, test/). */
  from: string;
  /** Paths (files, or folders ending in "/") under `from` that belong to it; all of `from` when absent. */
  owns?: string[];
  dependencies: Record<string, string>;
  /** Added to AppModule's imports (removed when the installer does not apply). */
  modules: { className: string; path: string }[];
  /** Exported constants to set, per file (relative to the service). */
  constants(o: ServiceOptions): Record<string, Record<string, string | number>>;
  declare(o: ServiceOptions, d: Declaration): void;
  patterns(o: ServiceOptions): PatternSummary[];
  /** The Nest schematics that generate its module, controller, service..., run over the planned service. */
  schematics?(o: ServiceOptions): SchematicStep[];
  /** Its files, from what the schematics generated (the new files; AppModule is taken as they left it). */
  fill?(o: ServiceOptions, generated: Map<string, string>): Map<string, string>;
}

const usesKafka = (o: ServiceOptions) => o.transport === 'kafka' || o.transport === 'hybrid';

/** Topics of a Kafka service: `<name>.commands` in, `<name>.events` out, unless given. */
export const kafkaTopics = (o: Pick<ServiceOptions, 'name' | 'consumes' | 'produces'>) => ({
  consumes: o.consumes ?? `${o.name}.commands`,
  produces: o.produces ?? `${o.name}.events`,
});

/** `--mongo <collection>` is `platform generate resource <name> <collection> --mongo`, done at once. */
export const mongoResource = (o: Pick<ServiceOptions, 'name' | 'mongo'>) => resourceNames(o.name, kebabCase(o.mongo!), o.mongo!);

/** The one list of installers, in the order their modules are added to AppModule. */
export const INSTALLERS: Installer[] = [
  {
    name: 'greetings',
    applies: (o) => o.transport === 'tcp' || o.transport === 'hybrid',
    from: 'service',
    owns: ['src/greetings/', 'test/greetings.e2e.test.ts'],
    dependencies: {},
    modules: [],
    schematics: () => greetingsSchematics,
    fill: (_o, generated) => fillGreetings(generated),
    constants: () => ({}),
    declare: () => {},
    patterns: (o) => [
      { pattern: `${o.name}.greet`, kind: 'message', transport: 'tcp', description: 'sample request/reply handler: greets someone' },
    ],
  },
  {
    name: 'kafka',
    applies: usesKafka,
    from: 'parts/kafka',
    dependencies: { kafkajs: '^2.2.4' },
    modules: [{ className: 'EventsModule', path: './events/events.module.js' }],
    constants: (o) => {
      const topics = kafkaTopics(o);
      return { 'src/events/events.constants.ts': { CONSUMES_TOPIC: topics.consumes, PRODUCES_TOPIC: topics.produces } };
    },
    declare: (o, d) => {
      const topics = kafkaTopics(o);
      d.transports.push('kafka');
      d.consumes.push(topics.consumes);
      d.produces.push(topics.produces, `${topics.consumes}.dlt`);
      d.dependsOn.push('kafka');
    },
    patterns: (o) => {
      const topics = kafkaTopics(o);
      return [
        {
          pattern: topics.consumes,
          kind: 'event',
          transport: 'kafka',
          description: `sample event handler: publishes ${o.name}.processed to ${topics.produces}; poison messages go to ${topics.consumes}.dlt`,
        },
        {
          pattern: `${o.name}.events.stats`,
          kind: 'message',
          transport: 'tcp',
          description: 'events received and published by this instance',
        },
      ];
    },
  },
  {
    name: 'mongo',
    applies: (o) => Boolean(o.mongo),
    from: 'parts/mongo',
    dependencies: { ...RESOURCE_DEPENDENCIES, ...MONGOOSE_DEPENDENCIES },
    modules: [{ className: 'DatabaseModule', path: '@platform/nest-kit/database' }],
    constants: (o) => ({ 'test/mongo.e2e.test.ts': { PATTERNS: mongoResource(o).prefix } }),
    declare: (_o, d) => {
      d.dependsOn.push('mongo');
    },
    patterns: (o) => {
      const { prefix, collection } = mongoResource(o);
      return [
        {
          pattern: `${prefix}.create`,
          kind: 'message',
          transport: 'tcp',
          description: `creates a document in the ${collection} collection`,
        },
        { pattern: `${prefix}.findAll`, kind: 'message', transport: 'tcp', description: `lists the ${collection} collection` },
        { pattern: `${prefix}.findOne`, kind: 'message', transport: 'tcp', description: 'reads a document by id (an ObjectId string)' },
        { pattern: `${prefix}.update`, kind: 'message', transport: 'tcp', description: 'changes a document: { id, ...fields }' },
        { pattern: `${prefix}.remove`, kind: 'message', transport: 'tcp', description: 'removes a document by id' },
      ];
    },
    schematics: (o) => resourceSchematics(mongoResource(o), 'microservice'),
    fill: (o, generated) => planResource(mongoResource(o), 'microservice', true, generated).files,
  },
  {
    name: 'http',
    applies: (o) => o.http,
    from: 'parts/http',
    dependencies: {},
    modules: [{ className: 'HttpModule', path: './http/http.module.js' }],
    constants: () => ({}),
    declare: (_o, d) => {
      d.transports.push('http');
    },
    patterns: () => [{ pattern: 'GET /status', kind: 'route', transport: 'http', description: 'health over HTTP' }],
  },
];
