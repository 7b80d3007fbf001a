import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unresolvedDependencies } from './install.js';

describe('unresolvedDependencies', () => {
  it('finds packages hoisted to any node_modules above the service, and reports the rest', () => {
    const root = mkdtempSync(join(tmpdir(), 'gen-install-'));
    for (const pkg of ['kafkajs', '@nestjs/core']) {
      mkdirSync(join(root, 'node_modules', pkg), { recursive: true });
      writeFileSync(join(root, 'node_modules', pkg, 'package.json'), '{}');
    }
    const service = join(root, 'services', 'orders');
    mkdirSync(service, { recursive: true });
    expect(unresolvedDependencies(service, ['kafkajs', '@nestjs/core', 'mongoose'])).toEqual(['mongoose']);
  });
});
