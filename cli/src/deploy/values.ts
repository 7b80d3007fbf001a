import type { ValidateFunction } from 'ajv';
import { usageError } from '../errors.js';
import type { DeployModel } from './model.js';

export type Values = Record<string, unknown>;
type Schema = Record<string, unknown>;

const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});

/** Keys whose entries are the user's own (names of merchants, extra settings): any key, string values. */
const OPEN_MAPS = new Set(['merchantKeys', 'config']);

/** The chart's tunables, with defaults that fit a small production cluster; the declarations are not tunable here. */
export function defaultValues(model: DeployModel, version: string): Values {
  return {
    image: { registry: 'registry.example.com/platform', tag: version, pullPolicy: 'IfNotPresent' },
    kafka: {
      cluster: 'platform-kafka',
      version: '4.1.1',
      brokers: 3,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      storageSize: '20Gi',
      resources: resources('500m', '2Gi', '2', '2Gi'),
      topics: Object.fromEntries(
        model.topics.map((t) => [t.name, { partitions: t.partitions, retentionHours: t.name.endsWith('.dlt') ? 720 : 168 }]),
      ),
    },
    mongo: {
      name: 'platform-mongo',
      members: 3,
      version: '8.0.12',
      database: 'platform',
      user: 'platform',
      password: '',
      writeConcern: 'majority',
      storageSize: '20Gi',
    },
    merchantKeys: {},
    keda: { enabled: false, lagThreshold: 100, pollingInterval: 15 },
    services: Object.fromEntries(
      model.services.map((s) => {
        const partitions = Math.max(1, ...model.topics.filter((t) => s.consumes.includes(t.name)).map((t) => t.partitions));
        return [
          s.name,
          {
            replicas: s.edge ? 2 : 1,
            resources: resources('100m', '192Mi', '1', '384Mi'),
            config: {},
            ...(s.edge ? { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, cpuPercent: 70 } } : {}),
            // More members of a group than partitions would sit idle.
            ...(s.consumes.length ? { scaling: { minReplicas: 1, maxReplicas: partitions } } : {}),
          },
        ];
      }),
    ),
  };
}

/**
 * JSON Schema of the values, derived from the defaults: every object closed (unknown keys are
 * refused by `platform deploy`, by `helm lint` and by `helm install` alike), every type fixed.
 */
export function valuesSchema(defaults: Values): Schema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...schemaOf(defaults, '') };
}

function schemaOf(value: unknown, key: string): Schema {
  if (OPEN_MAPS.has(key)) return { type: 'object', additionalProperties: { type: 'string' } };
  if (Array.isArray(value)) return { type: 'array', items: { type: 'string' } };
  if (typeof value === 'number') return { type: 'integer', minimum: 0 };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'string') return { type: 'string' };
  const entries = Object.entries(value as Values);
  return {
    type: 'object',
    additionalProperties: false,
    required: entries.map(([k]) => k),
    properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOf(v, k)])),
  };
}

/** User values over the defaults: objects merge key by key, anything else replaces. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}

const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

const validators = new WeakMap<Schema, ValidateFunction>();
async function compiled(schema: Schema): Promise<ValidateFunction> {
  if (!validators.has(schema)) {
    const { default: Ajv } = await import('ajv');
    validators.set(schema, new Ajv.default({ allErrors: true, strict: false }).compile(schema));
  }
  return validators.get(schema)!;
}

/** Refuses values the chart would refuse, naming the key: unknown keys and wrong types are exit 2. */
export async function checkValues(values: Values, schema: Schema, file: string): Promise<void> {
  const validate = await compiled(schema);
  if (validate(values)) return;
  const problems = (validate.errors ?? []).map((e) => {
    const path = e.instancePath.slice(1).split('/').filter(Boolean).join('.');
    const at = path ? `"${path}"` : 'the top level';
    if (e.keyword === 'additionalProperties') {
      const key = [path, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
      return `unknown key "${key}"`;
    }
    return `${at} ${e.message}`;
  });
  throw usageError(
    `${file}: ${problems.join('; ')}`,
    'see the keys and defaults in the rendered values.yaml (`platform deploy render`), or `platform deploy render --help`',
  );
}
