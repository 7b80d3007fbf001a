import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredTopics, discoverServices } from './services.js';
import { parseDeclaration } from './declaration.js';

function project(services: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'platform-services-'));
  for (const [name, pkg] of Object.entries(services)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
  }
  return dir;
}

describe('discoverServices', () => {
  it('finds every folder whose package.json has a platform key, and only those', () => {
    const dir = project({
      ledger: {
        description: 'Ledger',
        platform: { tcpPort: 4002, transports: ['kafka'], consumes: ['payments.events'], dependsOn: ['kafka'] },
      },
      lib: { name: 'not-a-service' },
    });
    const [ledger, ...rest] = discoverServices(dir);
    expect(rest).toEqual([]);
    expect(ledger).toMatchObject({
      name: 'ledger',
      tcpPort: 4002,
      transports: ['tcp', 'kafka'],
      consumes: ['payments.events'],
      partitions: 3,
      description: 'Ledger',
    });
  });

  it('reports invalid JSON with the file', () => {
    expect(() => discoverServices(project({ broken: '{ nope' }))).toThrow(/broken\/package.json is not valid JSON/);
  });

  it('returns nothing when services/ does not exist', () => {
    expect(discoverServices('/nonexistent/services')).toEqual([]);
  });
});

describe('parseDeclaration', () => {
  const parse = (platform: unknown, name = 'svc') => parseDeclaration(name, '/x', { platform });
  it('names the bad key and value', () => {
    expect(() => parse({ tcpPort: 'x' })).toThrow(/"tcpPort" must be a port number .* got "x"/);
    expect(() => parse({ tcpPort: 70000 })).toThrow(/tcpPort/);
    expect(() => parse({ tcpPort: 1, transports: ['grpc'] })).toThrow(/unknown transport grpc/);
    expect(() => parse({ tcpPort: 1, consumes: 'a' })).toThrow(/"consumes" must be a list of strings/);
    expect(() => parse({ tcpPort: 1 }, 'Bad_Name')).toThrow(/kebab-case/);
  });
});

describe('declaredTopics', () => {
  it('collects produced and consumed topics with the largest partition count', () => {
    const a = parse('a', { tcpPort: 1, produces: ['x'], partitions: 6 });
    const b = parse('b', { tcpPort: 2, consumes: ['x', 'y'] });
    expect([...declaredTopics([a, b])].sort()).toEqual([
      ['x', 6],
      ['y', 3],
    ]);
  });
});

function parse(name: string, platform: unknown) {
  return parseDeclaration(name, '/x', { platform });
}
