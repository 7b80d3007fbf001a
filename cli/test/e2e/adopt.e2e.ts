import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFSET, platform, platformJson, ROOT } from '../support/stack.js';

/**
 * A plain NestJS app (no nest-kit, no `platform` key) declared in platform.yaml, in a folder of its
 * own: `up` builds it with its own build, creates its topics first, waits on a TCP round trip, maps
 * its env vars; `send tcp` / `send kafka --reply` / `patterns --static` / `status` / `down` work.
 * It runs a second stack on its own ports, beside the e2e lane's.
 */
const repo = mkdtempSync(join(tmpdir(), 'platform-adopt-'));
const env = { PLATFORM_PORT_OFFSET: String(OFFSET + 300) };
const run = (args: string[]) => platform(args, { cwd: repo, env });
const runJson = (args: string[]) => platformJson(args, { cwd: repo, env });

beforeAll(async () => {
  cpSync(new URL('../fixtures/plain-app/', import.meta.url), repo, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  const up = await run(['up', '--timeout', '180']);
  if (up.exitCode !== 0) throw new Error(`platform up failed (${up.exitCode}):\n${up.stdout}\n${up.stderr}`);
}, 900_000);

afterAll(async () => {
  await run(['down']);
}, 300_000);

describe('a plain NestJS app under platform up', () => {
  it('answers an object pattern over TCP, on the port its env var was mapped to', async () => {
    expect(await runJson(['send', 'tcp', 'orders', '{"cmd":"sum"}', '{"values":[1,2,3]}'])).toBe(6);
  });

  it('answers Kafka request/reply: its topics existed before it started', async () => {
    const r = await runJson(['send', 'kafka', 'orders.sum', '{"values":[4,5]}', '--reply', '--timeout', '60000']);
    expect(JSON.stringify(r)).toContain('"total":9');
  }, 120_000);

  it('lists its patterns from source, and the hint for an unknown pattern names them', async () => {
    const d = await runJson(['patterns', 'orders', '--static']);
    expect(d.patterns.map((p: { pattern: unknown; kind: string; transport: string }) => [p.pattern, p.kind, p.transport])).toEqual([
      [{ cmd: 'sum' }, 'message', 'tcp'],
      ['orders.sum', 'message', 'kafka'],
      ['orders.noted', 'event', 'tcp'],
    ]);
    expect(d.patterns[0].schema).toEqual({ type: 'object', properties: { values: { type: 'array', items: { type: 'integer' } } }, required: ['values'] });
    const unknown = await run(['send', 'tcp', 'orders', 'nope', '{}']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('message patterns it handles: {"cmd":"sum"}');
    expect(unknown.stderr).not.toContain('declares no');
  }, 120_000);

  it('shows it healthy in status', async () => {
    const state = await runJson(['status']);
    expect(state.processes.find((p: { name: string }) => p.name === 'orders')).toMatchObject({ state: 'healthy' });
  });
});
