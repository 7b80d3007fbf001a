/**
 * Saved requests: a TCP request or a Kafka message kept in `requests/<name>.yaml` as a one-step
 * scenario, so the same file runs with `platform send @requests/<name>.yaml`, `platform demo
 * requests/<name>.yaml`, from the dashboard, or pasted as a step into a demo.
 *
 *   requestStep(what): StepSource                         { title, send: { tcp | kafka } }
 *   saveRequest(root, name, step): string           writes the file, returns its path
 *   listSavedRequests(root): SavedRequest[]
 *   savedRequestFile(root, name): string            usageError for a name that is not one
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { usageError } from '../errors.js';
import type { KafkaMessage, TcpRequest } from './types.js';
import type { StepSource } from './scenario.js';

export const REQUEST_NAME = /^[a-z0-9][a-z0-9._-]{0,79}$/;

export interface SavedRequest {
  name: string;
  file: string;
  title: string;
  kind: 'tcp' | 'kafka' | 'other';
  step?: StepSource;
}

export const requestsDir = (root: string) => join(root, 'requests');

/** A Kafka value that is JSON text is kept as YAML structure (the runner sends objects as JSON). */
export function requestStep(what: { tcp: TcpRequest } | { kafka: KafkaMessage }, title?: string): StepSource {
  if ('tcp' in what) {
    const t = what.tcp;
    return {
      title: title ?? `${t.service} ${typeof t.pattern === 'string' ? t.pattern : JSON.stringify(t.pattern)}`,
      send: { tcp: { service: t.service, pattern: t.pattern, data: t.data ?? {} } },
    };
  }
  const k = what.kafka;
  let value = k.value;
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      /* not JSON: kept as text */
    }
  }
  const message: KafkaMessage = {
    topic: k.topic,
    ...(k.key ? { key: k.key } : {}),
    value,
    ...(k.headers && Object.keys(k.headers).length ? { headers: k.headers } : {}),
    ...(k.partition !== undefined ? { partition: k.partition } : {}),
  };
  return { title: title ?? `produce to ${k.topic}`, send: { kafka: message } };
}

export function savedRequestFile(root: string, name: string): string {
  if (!REQUEST_NAME.test(name))
    throw usageError(`"${name}" is not a request name: use lower-case letters, digits, '.', '_' and '-'`, 'e.g. charge-alice');
  return join(requestsDir(root), `${name}.yaml`);
}

export function saveRequest(root: string, name: string, step: StepSource): string {
  const file = savedRequestFile(root, name);
  mkdirSync(requestsDir(root), { recursive: true });
  const doc = { name, description: step.title ?? name, steps: [step] };
  writeFileSync(file, `# Saved request: run with \`platform send @requests/${name}.yaml\`\n${stringify(doc)}`);
  return file;
}

export function listSavedRequests(root: string): SavedRequest[] {
  const dir = requestsDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const name = f.replace(/\.ya?ml$/, '');
      try {
        const step = (parse(readFileSync(join(dir, f), 'utf8')) as { steps?: StepSource[] })?.steps?.[0];
        return {
          name,
          file: `requests/${f}`,
          title: step?.title ?? name,
          kind: step?.send?.tcp ? 'tcp' : step?.send?.kafka ? 'kafka' : 'other',
          step,
        };
      } catch (e) {
        return { name, file: `requests/${f}`, title: `invalid: ${(e as Error).message.split('\n')[0]}`, kind: 'other' };
      }
    });
}
