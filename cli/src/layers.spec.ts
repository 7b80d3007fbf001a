import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** What a lower folder must never import: it would make a cycle, or hide a client outside transports/. */
const NEVER: Record<string, string[]> = {
  input: ['actions', 'commands', 'stack', 'supervisor', 'transports', 'infra', 'dashboard'],
  ui: ['actions', 'commands', 'supervisor', 'transports', 'infra', 'dashboard'],
  stack: ['actions', 'commands', 'supervisor', 'transports', 'dashboard', 'demo'],
  transports: ['actions', 'commands', 'supervisor', 'infra', 'dashboard', 'demo'],
  infra: ['actions', 'commands', 'supervisor', 'dashboard', 'demo'],
  supervisor: ['actions', 'commands'],
};

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) yield* sources(join(dir, e.name));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) yield join(dir, e.name);
  }
}

const folderOf = (file: string) => relative(SRC, file).split('/')[0];

describe('folder layers', () => {
  it('no folder imports one above it', () => {
    const wrong: string[] = [];
    for (const file of sources(SRC)) {
      const from = folderOf(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const to = folderOf(join(dirname(file), spec));
        if (NEVER[from]?.includes(to)) wrong.push(`${relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
