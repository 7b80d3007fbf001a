import { SetMetadata } from '@nestjs/common';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/** What `platform.describe` answers for one handler: enough for `platform patterns` and `--example`. */
export interface PatternDescription {
  pattern: unknown;
  kind: 'message' | 'event';
  transport: 'tcp' | 'kafka' | 'any';
  description?: string;
  schema?: Record<string, unknown>;
  example?: unknown;
}

export interface ServiceDescription {
  service: string;
  version: string;
  patterns: PatternDescription[];
}

export const PATTERN_DOC = 'platform:pattern-doc';
/** Adds a human description and a sample payload to a handler's entry in `platform.describe`. */
export const PatternDoc = (doc: { description?: string; example?: unknown }) => SetMetadata(PATTERN_DOC, doc);

type Schema = Record<string, unknown>;
let cachedSchemas: Record<string, Schema> | undefined;

/** JSON schema of a class-validator DTO, with the definitions it refers to inlined under `definitions`. */
export function schemaOf(dto: Function): Schema | undefined {
  cachedSchemas ??= validationMetadatasToSchemas({ refPointerPrefix: '#/definitions/' }) as Record<string, Schema>;
  const root = cachedSchemas[dto.name];
  if (!root) return undefined;
  const definitions: Record<string, Schema> = {};
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.replace('#/definitions/', '');
        if (!definitions[name] && cachedSchemas![name]) {
          definitions[name] = cachedSchemas![name];
          visit(cachedSchemas![name]);
        }
      } else visit(v);
    }
  };
  visit(root);
  return Object.keys(definitions).length ? { ...root, definitions } : root;
}
