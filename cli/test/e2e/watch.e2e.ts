import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, eventually, OFFSET, platform, ROOT, sleep, stack } from '../support/stack.js';

/**
 * `platform up --watch` end to end, in a COPY of a project (under .tmp/, like generate.e2e.ts): its
 * own nest-kit (linked as node_modules/@platform/nest-kit, so the services load the copy's), two
 * generated TCP services, run against the e2e stack's Kafka and Mongo (external provider, own state
 * dir and port offset). Edits are real file writes; answers are real TCP requests.
 */
const id = randomBytes(3).toString('hex');
const project = join(ROOT, '.tmp', `watch-e2e-${id}`);
const offset = OFFSET + 60;
const env = { PLATFORM_ROOT: project, PLATFORM_STATE_DIR: join(project, '.state'), PLATFORM_PORT_OFFSET: String(offset) };
const inCopy = (args: string[]) => platform(args, { cwd: project, env });
const greetingService = join(project, 'services', 'alpha', 'src', 'greetings', 'greetings.service.ts');
const original = () => readFileSync(greetingService, 'utf8');
let pristine = '';

let watcher: ResultPromise;
let output = '';

const greet = async (service: string) => {
  const r = await inCopy(['send', 'tcp', service, `${service}.greet`, '{"name":"Ada"}', '--json']);
  if (r.exitCode !== 0) throw new Error(`send tcp ${service} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout).greeting as string;
};
const pids = async () => {
  const r = await inCopy(['status', '--json']);
  const state = JSON.parse(r.stdout);
  return Object.fromEntries(state.processes.filter((p: any) => p.kind === 'service').map((p: any) => [p.name, p.pid])) as Record<
    string,
    number
  >;
};
const count = (text: string) => output.split(text).length - 1;
/** True once a rebuild began at or after `from` and the latest rebuild has printed its restart line. */
const cycleDone = (from: number) => {
  const lastBuild = output.lastIndexOf('changed, building');
  return from >= 0 && lastBuild >= from && output.indexOf('✓ alpha: restarted', lastBuild) > 0;
};
/** `eventually`, failing with the end of the watcher's output: what it did is the diagnosis. */
const watched = <T>(check: () => Promise<T> | T, ms: number, every = 300) =>
  eventually(check, ms, every).catch((e: Error) => {
    throw new Error(`${e.message}\n--- the watcher's last output ---\n${output.slice(-4000)}`);
  });
const setReply = (greeting: string) => writeFileSync(greetingService, pristine.replace('`Hello, ${name}!`', `\`${greeting}, \${name}!\``));

beforeAll(async () => {
  mkdirSync(join(project, 'services'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `watch-e2e-${id}`, private: true, workspaces: ['packages/*', 'services/*'] }),
  );
  copyFileSync(join(ROOT, 'tsconfig.base.json'), join(project, 'tsconfig.base.json'));
  for (const f of ['package.json', 'tsconfig.json', 'src'])
    cpSync(join(ROOT, 'packages', 'nest-kit', f), join(project, 'packages', 'nest-kit', f), { recursive: true });
  mkdirSync(join(project, 'node_modules', '@platform'), { recursive: true });
  symlinkSync('../../packages/nest-kit', join(project, 'node_modules', '@platform', 'nest-kit'));
  for (const name of ['alpha', 'beta']) {
    const r = await inCopy(['g', 'service', name, '--transport', 'tcp', '--yes', '--no-install', '--no-build', '--json']);
    if (r.exitCode !== 0) throw new Error(`generate ${name}: ${r.stderr}`);
  }
  pristine = original();
  expect(pristine).toContain('`Hello, ${name}!`');

  watcher = execa(
    process.execPath,
    [
      BIN,
      'up',
      '--watch',
      '--infra',
      'external',
      '--kafka-brokers',
      stack.kafkaBrokers.join(','),
      '--mongo-url',
      stack.mongoUrl,
      '--timeout',
      '90',
    ],
    {
      cwd: project,
      env: { ...env, NO_COLOR: '1' },
      reject: false,
      all: true,
    },
  );
  watcher.all!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await watched(() => output.includes('Watching'), 400_000, 500);
}, 420_000);

afterAll(async () => {
  if (watcher && watcher.exitCode === null) watcher.kill('SIGINT');
  await inCopy(['down']);
  if (!process.env.KEEP_GENERATED) rmSync(project, { recursive: true, force: true });
});

describe('platform up --watch', () => {
  it('started the stack, then watches both services and the copied nest-kit', async () => {
    expect(output).toMatch(/Watching alpha, beta and packages\/nest-kit for changes under src\//);
    expect(await greet('alpha')).toBe('Hello, Ada!');
  });

  it('rebuilds and restarts only the edited service; the new reply answers over TCP, the other pid stays', async () => {
    const before = await pids();
    setReply('Howdy');
    await watched(async () => (await greet('alpha')) === 'Howdy, Ada!', 120_000, 300);
    const after = await pids();
    expect(after.alpha).not.toBe(before.alpha);
    expect(after.beta).toBe(before.beta);
    expect(output).toMatch(/alpha: src\/greetings\/greetings\.service\.ts changed, building/);
    expect(output).toMatch(/✓ alpha: restarted and healthy/);
    expect(output).not.toMatch(/beta: .*building/);
  }, 150_000);

  it('shows a build error once, with file and line, and the old process keeps answering', async () => {
    const before = await pids();
    writeFileSync(greetingService, original().replace('`Howdy, ${name}!`', '`Oops, ${name}!`;;)'));
    await watched(() => output.includes('alpha: build failed'), 120_000, 300);
    expect(output).toMatch(/services\/alpha\/src\/greetings\/greetings\.service\.ts:\d+: /);
    expect(output).toContain('the running alpha keeps serving its last good build');
    expect(await greet('alpha')).toBe('Howdy, Ada!');
    expect((await pids()).alpha).toBe(before.alpha);
    await sleep(2000);
    expect(count('alpha: build failed'), output).toBe(1);
    expect(count('services/alpha/src/greetings/greetings.service.ts:'), output).toBe(1);

    setReply('Hi');
    await watched(async () => (await greet('alpha')) === 'Hi, Ada!', 120_000, 300);
  }, 300_000);

  it('turns ten files saved together into one rebuild', async () => {
    // The previous test returns once the new reply answers, which can be a moment before its
    // "restarted and healthy" line; wait for that line so it is not taken for this cycle's.
    await watched(() => cycleDone(0), 120_000, 300);
    const start = output.length;
    const dir = join(project, 'services', 'alpha', 'src', 'extra');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 10; i++) writeFileSync(join(dir, `part-${i}.ts`), `export const part${i} = ${i};\n`);
    await watched(() => cycleDone(output.indexOf('changed, building', start)), 120_000, 300);
    await sleep(1500);
    const cycle = output.slice(start);
    expect(cycle).toContain('alpha: 10 files changed, building');
    expect(cycle.match(/alpha: /g), cycle).toHaveLength(3); // building, built, restarted: one cycle
  }, 150_000);

  it('rebuilds nest-kit on a change there and restarts both services that use it', async () => {
    const before = await pids();
    const health = join(project, 'packages', 'nest-kit', 'src', 'health.ts');
    writeFileSync(health, readFileSync(health, 'utf8') + '\n// touched by watch.e2e\n');
    await watched(
      async () => {
        const now = await pids();
        return now.alpha !== before.alpha && now.beta !== before.beta && count('✓ beta: restarted') >= 1;
      },
      180_000,
      500,
    );
    expect(output).toMatch(/nest-kit: built in/);
    expect(await greet('beta')).toBe('Hello, Ada!');
  }, 200_000);

  it('Ctrl-C stops watching and leaves the stack running', async () => {
    const before = await pids();
    watcher.kill('SIGINT');
    const r = await watcher;
    expect(r.exitCode).toBe(0);
    expect(output).toContain('Stopped watching. The stack keeps running');
    expect(await pids()).toEqual(before);
    expect(await greet('beta')).toBe('Hello, Ada!');
  }, 60_000);
});
