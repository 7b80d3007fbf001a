/**
 * What a service handles, from the `platform.describe` pattern (docs/service-contract.md).
 *
 *   describeService(client): Promise<ServiceDescription>   usage/failed error when it has no describe
 *   findPattern(description, pattern): PatternDescription | undefined
 *   exampleFor(p): unknown                                  declared example, else generated from schema
 *   exampleFromSchema(schema, root?): unknown               a valid sample for a JSON schema
 */
import { failedError } from '../../errors.js';
import { normalizePattern } from './framing.js';
import { RemoteError, type TcpClient } from './client.js';

export const DESCRIBE_PATTERN = 'platform.describe';

export interface PatternDescription {
  pattern: unknown;
  kind: 'message' | 'event';
  transport: 'tcp' | 'kafka' | 'any';
  description?: string;
  schema?: Schema;
  example?: unknown;
}

export interface ServiceDescription {
  service: string;
  version?: string;
  patterns: PatternDescription[];
}

type Schema = Record<string, any>;

export class NoDescribeError extends Error {}

export async function describeService(client: TcpClient, timeoutMs?: number): Promise<ServiceDescription> {
  try {
    const d = (await client.send(DESCRIBE_PATTERN, {}, timeoutMs)) as ServiceDescription;
    if (!d || !Array.isArray(d.patterns)) throw new NoDescribeError('its describe reply has no patterns list');
    return d;
  } catch (e) {
    if (e instanceof RemoteError || e instanceof NoDescribeError) {
      throw failedError(
        `${client.address} does not answer \`${DESCRIBE_PATTERN}\` (${e.message}), so its patterns cannot be listed`,
        'services built on @platform/nest-kit answer it (PlatformModule.forRoot); see docs/service-contract.md',
      );
    }
    throw e;
  }
}

export const patternKey = (p: unknown) => normalizePattern(p);
export const displayPattern = (p: unknown) => (typeof p === 'string' ? p : normalizePattern(p));

export function findPattern(d: ServiceDescription, pattern: unknown): PatternDescription | undefined {
  const key = patternKey(pattern);
  return d.patterns.find((p) => patternKey(p.pattern) === key);
}

export function exampleFor(p: PatternDescription): unknown {
  if (p.example !== undefined) return p.example;
  if (p.schema) return exampleFromSchema(p.schema);
  return {};
}

/** A small valid instance of a JSON schema (as class-validator-jsonschema emits them). */
export function exampleFromSchema(schema: Schema, root: Schema = schema, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.$ref) {
    const name = String(schema.$ref).replace(/^#\/(definitions|components\/schemas|\$defs)\//, '');
    const target = root.definitions?.[name] ?? root.$defs?.[name];
    return target ? exampleFromSchema(target, root, depth + 1) : {};
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key]) && schema[key].length) {
      if (key === 'allOf') return Object.assign({}, ...schema.allOf.map((s: Schema) => exampleFromSchema(s, root, depth + 1)));
      return exampleFromSchema(schema[key][0], root, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((t: string) => t !== 'null') ?? schema.type[0]) : schema.type;
  switch (type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<Schema>(schema.properties ?? {})) out[k] = exampleFromSchema(v, root, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: n }, () => exampleFromSchema(schema.items ?? {}, root, depth + 1));
    }
    case 'string':
      return exampleString(schema);
    case 'integer':
    case 'number': {
      let n =
        schema.minimum ??
        (schema.exclusiveMinimum !== undefined
          ? schema.exclusiveMinimum + 1
          : schema.maximum !== undefined
            ? Math.min(1, schema.maximum)
            : 1);
      if (schema.multipleOf) n = Math.ceil(n / schema.multipleOf) * schema.multipleOf;
      return type === 'integer' ? Math.ceil(n) : n;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

function exampleString(s: Schema): string {
  const formats: Record<string, string> = {
    email: 'user@example.com',
    uuid: '00000000-0000-4000-8000-000000000000',
    'date-time': '2025-01-01T00:00:00.000Z',
    date: '2025-01-01',
    uri: 'https://example.com',
    url: 'https://example.com',
    ipv4: '127.0.0.1',
  };
  if (s.format && formats[s.format]) return formats[s.format];
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Infinity;
  if (s.pattern) {
    const sample = sampleForPattern(s.pattern);
    if (sample !== undefined) return sample;
  }
  let v = 'string';
  if (v.length < min) v = v.padEnd(min, 'x');
  if (v.length > max) v = v.slice(0, max);
  return v;
}

/** Handles the simple anchored patterns DTOs use (`^[A-Z]{3}$`, `^cus_[a-z0-9]+$`); undefined otherwise. */
export function sampleForPattern(pattern: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return undefined;
  }
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  let out = '';
  const token = /\\d|\\w|\[([^\]]+)\]|\\(.)|([^[\\{}+*?()|.^$])|\./g;
  const parts: { sample: string }[] = [];
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = token.exec(body))) {
    if (m.index !== last) return undefined;
    let sample: string;
    if (m[0] === '\\d') sample = '1';
    else if (m[0] === '\\w') sample = 'a';
    else if (m[1]) sample = firstOfClass(m[1]);
    else if (m[2]) sample = m[2];
    else if (m[3]) sample = m[3];
    else sample = 'a';
    last = token.lastIndex;
    const q = /^(\{(\d+)(?:,(\d*))?\}|\+|\*|\?)/.exec(body.slice(last));
    let count = 1;
    if (q) {
      last += q[0].length;
      token.lastIndex = last;
      if (q[2]) count = Number(q[2]);
      else if (q[0] === '*' || q[0] === '?') count = q[0] === '*' ? 1 : 1;
    }
    parts.push({ sample: sample.repeat(count) });
  }
  if (last !== body.length) return undefined;
  out = parts.map((p) => p.sample).join('');
  return re.test(out) ? out : undefined;
}

function firstOfClass(cls: string): string {
  if (cls.startsWith('^')) return 'x';
  const m = /^(.)-(.)/.exec(cls);
  return m ? m[1] : cls[0] === '\\' ? (cls[1] === 'd' ? '1' : 'a') : cls[0];
}
