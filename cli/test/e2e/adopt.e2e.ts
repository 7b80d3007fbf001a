import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedCli } from '../support/installed-cli.js';
import { OFFSET, ROOT } from '../support/stack.js';

/**
 * The CLI as a user gets it: `npm pack` in cli/, installed as a dev dependency of a plain NestJS app
 * (no nest-kit, no `platform` key) in a folder of its own. `npx platform init --yes` writes
 * platform.yaml from the source; `up` builds the app with its own build, creates its topics first,
 * waits on a TCP round trip and maps its env vars; send tcp / send kafka --reply / patterns / status
 * / down work. It runs a second stack on its own ports, beside the e2e lane's.
 */
const repo = mkdtempSync(join(tmpdir(), 'platform-adopt-'));
const cli = installedCli(repo, { PLATFORM_PORT_OFFSET: String(OFFSET + 300) });
const { npx, npxJson } = cli;
const installed = (dep: string) => JSON.parse(readFileSync(join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')).version as string;

beforeAll(async () => {
  cpSync(new URL('../fixtures/plain-app/', import.meta.url), repo, { recursive: true });
  // The versions this repository already has, so npm installs from its cache.
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies)) pkg.dependencies[dep] = installed(dep);
  pkg.devDependencies = { typescript: installed('typescript'), '@types/node': installed('@types/node') };
  writeFileSync(join(repo, 'package.json'), JSON.stringify(pkg, null, 2));
  await cli.install(repo);
  expect(existsSync(join(repo, 'node_modules/@platform/cli/assets/compose/native/kafka/pom.xml'))).toBe(true);
  await cli.initAndUp(180);
}, 900_000);

afterAll(async () => {
  await npx(['down']);
}, 300_000);

describe('a plain NestJS app, adopted by the installed CLI', () => {
  it('init declared it from source: ports, env vars, topics', () => {
    const yaml = readFileSync(join(repo, 'platform.yaml'), 'utf8');
    expect(yaml).toContain('tcpPort: 3101');
    expect(yaml).toMatch(/PORT: "\{tcpPort\}"/);
    expect(yaml).toMatch(/KAFKA_BROKER: "\{kafkaBrokers\}"/);
    expect(yaml).toMatch(/consumes:\n\s+- orders\.sum\n/);
  });

  it('answers an object pattern over TCP, on the port its env var was mapped to', async () => {
    expect(await npxJson(['send', 'tcp', 'orders', '{"cmd":"sum"}', '{"values":[1,2,3]}'])).toBe(6);
  });

  it('answers Kafka request/reply: its topics existed before it started', async () => {
    const r = await npxJson(['send', 'kafka', 'orders.sum', '{"values":[4,5]}', '--reply', '--timeout', '60000']);
    expect(JSON.stringify(r)).toContain('"total":9');
  }, 120_000);

  it('lists its patterns from source, and the hint for an unknown pattern names them', async () => {
    const d = await npxJson(['patterns', 'orders', '--static']);
    expect(d.patterns.map((p: { pattern: unknown; kind: string; transport: string }) => [p.pattern, p.kind, p.transport])).toEqual([
      [{ cmd: 'sum' }, 'message', 'tcp'],
      ['orders.sum', 'message', 'kafka'],
      ['orders.noted', 'event', 'tcp'],
    ]);
    expect(d.patterns[0].schema).toEqual({
      type: 'object',
      properties: { values: { type: 'array', items: { type: 'integer' } } },
      required: ['values'],
    });
    const unknown = await npx(['send', 'tcp', 'orders', 'nope', '{}']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('message patterns it handles: {"cmd":"sum"}');
    expect(unknown.stderr).not.toContain('declares no');
  }, 120_000);

  it('shows it healthy in status', async () => {
    const state = await npxJson(['status']);
    expect(state.processes.find((p: { name: string }) => p.name === 'orders')).toMatchObject({ state: 'healthy' });
  });
});
