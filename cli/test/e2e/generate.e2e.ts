import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpExamples } from '../support/help-examples.js';
import { eventually, OFFSET, platform, platformOnPath, ROOT, stack } from '../support/stack.js';

/**
 * `platform generate` end to end, in a COPY of a project (under .tmp/ so node_modules resolve from
 * the repo root): generate every transport with --http and --mongo, build, run the services' own
 * unit tests, start them with `platform up` against the e2e stack's Kafka and Mongo (external
 * provider, own state dir and port offset) and talk to them with `platform send` / `patterns`.
 */
const id = randomBytes(3).toString('hex');
const project = join(ROOT, '.tmp', `generate-e2e-${id}`);
const services = join(project, 'services');
const offset = OFFSET + 50;
const env = { PLATFORM_ROOT: project, PLATFORM_STATE_DIR: join(project, '.state'), PLATFORM_PORT_OFFSET: String(offset) };
const inCopy = (args: string[], opts: { env?: Record<string, string> } = {}) =>
  platform(args, { cwd: project, env: { ...env, ...opts.env } });
const json = async <T = any>(args: string[]) => {
  const r = await inCopy([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`platform ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as T;
};
const listing = () => (existsSync(project) ? readdirSync(project).concat(readdirSync(services)).sort() : []);

const topics = { in: `gen-${id}.commands`, out: `gen-${id}.events`, hybridIn: `gen-${id}.hybrid.in`, audited: `gen-${id}.audited` };
const collection = `notes_${id}`;
const resource = 'invoices';
/** The folder `--mongo <collection>` makes: `nest g resource` of the collection's kebab-case name. */
const mongoFeature = `notes-${id}`;

beforeAll(() => {
  mkdirSync(services, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `generate-e2e-${id}`, private: true, workspaces: ['services/*'] }));
  copyFileSync(join(ROOT, 'tsconfig.base.json'), join(project, 'tsconfig.base.json'));
});

afterAll(async () => {
  await inCopy(['down']);
  if (!process.env.KEEP_GENERATED) rmSync(project, { recursive: true, force: true });
});

describe('platform generate: bad input', () => {
  it('refuses invalid, reserved and unknown input with exit 2 and the reason, writing nothing', async () => {
    const before = listing();
    const cases: [string[], RegExp][] = [
      [['g', 'service', 'Bad_Name', '--yes'], /invalid service name "Bad_Name".*kebab-case/],
      [['g', 'service', 'kafka', '--yes'], /"kafka" is a reserved name/],
      [['g', 'service', 'ok-name', '--transport', 'grpc'], /unknown transport "grpc"/],
      [['g', 'service', 'ok-name', '--transport', 'tcp', '--consumes', 'x.y'], /--consumes\/--produces need Kafka/],
      [['g', 'service', 'ok-name', '--mongo', 'a.b'], /invalid collection name/],
      [['g', 'service', 'ok-name', '--port', '70000'], /--port must be a port number/],
      [['g', 'service', '--yes'], /a service name is required/],
      [['g', 'handler', 'no-such-service', 'x.y'], /no service named "no-such-service"/],
    ];
    for (const [args, reason] of cases) {
      const r = await inCopy(args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
    }
    expect(listing()).toEqual(before);
  });

  it('--dry-run prints the plan and writes nothing; piped without --yes it takes the defaults instead of asking', async () => {
    const before = listing();
    const plan = await json(['g', 'service', 'dry', '--transport', 'hybrid', '--mongo', 'things', '--http', '--dry-run']);
    expect(plan.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'src/events/events.producer.ts',
        'src/things/things.service.ts',
        'src/things/schemas/thing.schema.ts',
        'src/http/status.controller.ts',
        'src/greetings/greetings.controller.ts',
      ]),
    );
    expect(plan.platform).toMatchObject({
      tcpPort: 4000,
      httpPort: 3000,
      transports: ['tcp', 'kafka', 'http'],
      dependsOn: ['kafka', 'mongo'],
    });
    const defaults = await json(['g', 'service', 'piped', '--dry-run']);
    expect(defaults).toMatchObject({ installers: ['greetings'], platform: { transports: ['tcp'], dependsOn: [] } });
    const human = await inCopy(['g', 'service', 'dry', '--dry-run']);
    expect(human.stdout).toContain('create services/dry/src/main.ts');
    expect(listing()).toEqual(before);
  });
});

describe('platform generate: every transport, built, tested and running', () => {
  let greeter: any;
  let relay: any;
  let both: any;

  it('generates tcp+mongo (built), kafka and hybrid+http+mongo services with the next free ports', async () => {
    greeter = await json(['g', 'service', 'greeter', '--transport', 'tcp', '--mongo', collection, '--no-http']);
    expect(greeter).toMatchObject({ built: true, platform: { tcpPort: 4000, transports: ['tcp'], dependsOn: ['mongo'] } });
    expect(existsSync(join(services, 'greeter', 'dist', 'main.js'))).toBe(true);
    relay = await json([
      'g',
      'service',
      'relay',
      '--transport',
      'kafka',
      '--consumes',
      topics.in,
      '--produces',
      topics.out,
      '--yes',
      '--no-build',
    ]);
    expect(relay.platform).toMatchObject({
      tcpPort: 4001,
      transports: ['tcp', 'kafka'],
      consumes: [topics.in],
      produces: [topics.out, `${topics.in}.dlt`],
    });
    both = await json([
      'g',
      'service',
      'both',
      '--transport',
      'hybrid',
      '--http',
      '--mongo',
      collection,
      '--consumes',
      topics.hybridIn,
      '--no-build',
    ]);
    expect(both.platform).toMatchObject({
      tcpPort: 4002,
      httpPort: 3000,
      transports: ['tcp', 'kafka', 'http'],
      dependsOn: ['kafka', 'mongo'],
    });
    expect(readdirSync(project).filter((f) => f.startsWith('.platform-generate-'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(services, 'relay', 'package.json'), 'utf8'));
    expect(pkg.dependencies).toHaveProperty('kafkajs');
    expect(pkg.dependencies).not.toHaveProperty('mongoose');
  });

  it('refuses an existing service and a taken port with exit 2', async () => {
    const before = listing();
    const existing = await inCopy(['g', 'service', 'relay', '--yes']);
    expect(existing.exitCode).toBe(2);
    expect(existing.stderr).toMatch(/a service named "relay" already exists/);
    const taken = await inCopy(['g', 'service', 'other', '--port', '4001', '--yes']);
    expect(taken.exitCode).toBe(2);
    expect(taken.stderr).toMatch(/port 4001 \(--port\) is taken by service "relay"/);
    expect(listing()).toEqual(before);
  });

  it('adds a message handler and an event handler to existing services', async () => {
    const message = await json(['g', 'handler', 'both', 'cancel']);
    expect(message).toMatchObject({ pattern: 'both.cancel', kind: 'message' });
    const event = await json(['g', 'handler', 'both', 'audit.recorded', '--event']);
    expect(event).toMatchObject({ pattern: 'audit.recorded', kind: 'event', transport: 'tcp' });
    const kafka = await json(['g', 'handler', 'greeter', topics.audited, '--event', '--kafka']);
    expect(kafka).toMatchObject({
      pattern: topics.audited,
      kind: 'event',
      transport: 'kafka',
      updated: ['services/greeter/src/app.module.ts', 'services/greeter/package.json'],
    });
    const greeter = JSON.parse(readFileSync(join(services, 'greeter', 'package.json'), 'utf8')).platform;
    expect(greeter).toMatchObject({
      transports: ['tcp', 'kafka'],
      consumes: [topics.audited],
      produces: [`${topics.audited}.dlt`],
      dependsOn: ['mongo', 'kafka'],
    });
    const again = await inCopy(['g', 'handler', 'both', 'cancel']);
    expect(again.exitCode).toBe(2);
    const kafkaWithoutEvent = await inCopy(['g', 'handler', 'both', 'x.y', '--kafka']);
    expect(kafkaWithoutEvent.exitCode).toBe(2);
  });

  it('adds CRUD resources (`nest g resource`): in memory over TCP, MongoDB-backed over TCP, REST; a taken name writes nothing', async () => {
    const drafts = await json(['g', 'resource', 'greeter', 'drafts']);
    expect(drafts).toMatchObject({
      type: 'microservice',
      mongo: false,
      patterns: [
        'greeter.drafts.create',
        'greeter.drafts.findAll',
        'greeter.drafts.findOne',
        'greeter.drafts.update',
        'greeter.drafts.remove',
      ],
    });
    expect(drafts.files).toEqual(
      expect.arrayContaining([
        'services/greeter/src/drafts/drafts.module.ts',
        'services/greeter/src/drafts/entities/draft.entity.ts',
        'services/greeter/src/drafts/dto/update-draft.dto.ts',
      ]),
    );
    // relay has no database yet: --mongo wires nest-kit's DatabaseModule and declares the dependency.
    const invoices = await json(['g', 'resource', 'relay', resource, '--mongo']);
    expect(invoices).toMatchObject({ mongo: true, updated: ['services/relay/src/app.module.ts', 'services/relay/package.json'] });
    expect(invoices.files).toContain(`services/relay/src/${resource}/schemas/invoice.schema.ts`);
    const relay = JSON.parse(readFileSync(join(services, 'relay', 'package.json'), 'utf8'));
    expect(relay.platform.dependsOn).toEqual(['kafka', 'mongo']);
    expect(relay.dependencies).toMatchObject({
      mongoose: expect.any(String),
      '@nestjs/mongoose': expect.any(String),
      '@nestjs/mapped-types': expect.any(String),
    });
    expect(readFileSync(join(services, 'relay', 'src', 'app.module.ts'), 'utf8')).toMatch(/DatabaseModule/);
    const receipts = await json(['g', 'resource', 'both', 'receipts', '--type', 'rest', '--mongo']);
    expect(receipts).toMatchObject({ type: 'rest', patterns: [] });

    const before = listing().concat(readdirSync(join(services, 'greeter', 'src')));
    const cases: [string[], RegExp][] = [
      [['g', 'resource', 'greeter', 'drafts'], /services\/greeter\/src\/drafts already exists/],
      [['g', 'resource', 'greeter', 'Bad_Name'], /invalid resource name "Bad_Name"/],
      [['g', 'resource', 'greeter', 'notes', '--type', 'graphql'], /unknown resource type "graphql"/],
      [['g', 'resource', 'greeter', 'notes', '--type', 'rest'], /has no HTTP listener/],
      [['g', 'resource', 'nope', 'notes'], /no service named "nope"/],
    ];
    for (const [args, reason] of cases) {
      const r = await inCopy(args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(listing().concat(readdirSync(join(services, 'greeter', 'src')))).toEqual(before);
  });

  it('each generated service is a Nest CLI project: `nest build` (SWC) builds it, its unit tests pass', async () => {
    for (const name of ['greeter', 'relay', 'both']) {
      const dir = join(services, name);
      expect(JSON.parse(readFileSync(join(dir, 'nest-cli.json'), 'utf8'))).toMatchObject({
        collection: '@nestjs/schematics',
        compilerOptions: { builder: 'swc' },
      });
      const build = await execa('npx', ['nest', 'build'], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' } });
      expect(build.exitCode, build.all).toBe(0);
      expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
      const typecheck = await execa('npm', ['run', 'typecheck', '--silent'], { cwd: dir, reject: false, all: true });
      expect(typecheck.exitCode, typecheck.all).toBe(0);
    }
  }, 600_000);

  // `both` has every part (greetings, Kafka, Mongo, HTTP) and both handlers: the others' specs are subsets of its.
  it("passes the project's lint on every generated file", async () => {
    // The copy lives under .tmp/, which the repo's lint ignores; lint it by path with ignores off.
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: ROOT, ignore: false, overrideConfigFile: join(ROOT, 'eslint.config.js') });
    const results = await eslint.lintFiles(readdirSync(services).map((name) => join(services, name, 'src')));
    expect(results.length).toBeGreaterThan(10);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
  });

  it("passes the generated services' own unit tests", async () => {
    const r = await execa('npm', ['test', '--silent'], { cwd: join(services, 'both'), reject: false, all: true, env: { NO_COLOR: '1' } });
    expect(r.exitCode, r.all).toBe(0);
    for (const spec of [
      'greetings.controller',
      'events.service',
      `${mongoFeature}.controller`,
      'status.controller',
      'cancel.controller',
      'audit-recorded.controller',
      'receipts.controller',
      'receipts.service',
    ])
      expect(r.all).toContain(`${spec}.spec.ts`);
    for (const name of ['greeter', 'relay']) {
      const other = await execa('npm', ['test', '--silent'], {
        cwd: join(services, name),
        reject: false,
        all: true,
        env: { NO_COLOR: '1' },
      });
      expect(other.exitCode, other.all).toBe(0);
    }
  }, 600_000);

  it('starts them all with `platform up` against the e2e stack', async () => {
    const r = await inCopy([
      'up',
      '--infra',
      'external',
      '--kafka-brokers',
      stack.kafkaBrokers.join(','),
      '--mongo-url',
      stack.mongoUrl,
      '--json',
      '--timeout',
      '240',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const state = JSON.parse(r.stdout);
    const svc = state.processes.filter((p: any) => p.kind === 'service');
    expect(svc.map((p: any) => [p.name, p.state]).sort()).toEqual([
      ['both', 'healthy'],
      ['greeter', 'healthy'],
      ['relay', 'healthy'],
    ]);
  }, 300_000);

  it('answers over TCP: patterns, messages, Mongo, validation errors', async () => {
    const described = await json(['patterns', 'greeter']);
    const patterns = (described.patterns ?? described).map((p: any) => p.pattern);
    expect(patterns).toEqual(expect.arrayContaining(['greeter.greet', `greeter.${collection}.create`, `greeter.${collection}.findOne`]));
    expect(await json(['send', 'tcp', 'greeter', 'greeter.greet', '{"name":"Ada"}'])).toMatchObject({ greeting: 'Hello, Ada!' });
    expect(await json(['send', 'tcp', 'both', 'both.cancel', '{"id":"r-1"}'])).toMatchObject({ id: 'r-1' });
    // greeter and both were generated with the same --mongo collection: what one creates, the other reads.
    const item = await json(['send', 'tcp', 'greeter', `greeter.${collection}.create`, '{"name":"first"}']);
    expect(await json(['send', 'tcp', 'both', `both.${collection}.findOne`, JSON.stringify(item.id)])).toMatchObject({
      id: item.id,
      name: 'first',
    });
    const invalid = await inCopy(['send', 'tcp', 'greeter', 'greeter.greet', '{"name":""}']);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/VALIDATION/);
  });

  it('serves the resources: create then findOne over TCP and REST; bad ids are input errors; MongoDB ones survive a restart', async () => {
    const draft = await json(['send', 'tcp', 'greeter', 'greeter.drafts.create', '{"name":"first draft"}']);
    expect(draft).toMatchObject({ id: expect.any(String), name: 'first draft' });
    expect(await json(['send', 'tcp', 'greeter', 'greeter.drafts.findOne', JSON.stringify(draft.id)])).toEqual(draft);
    expect(
      await json(['send', 'tcp', 'greeter', 'greeter.drafts.update', JSON.stringify({ id: draft.id, name: 'second draft' })]),
    ).toMatchObject({ id: draft.id, name: 'second draft' });
    const missing = await inCopy(['send', 'tcp', 'greeter', 'greeter.drafts.findOne', '"no-such-draft"']);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toMatch(/NOT_FOUND/);

    const p = `relay.${resource}`;
    const invoice = await json(['send', 'tcp', 'relay', `${p}.create`, '{"name":"first invoice"}']);
    expect(invoice).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), name: 'first invoice' });
    expect(await json(['send', 'tcp', 'relay', `${p}.findOne`, JSON.stringify(invoice.id)])).toMatchObject({
      id: invoice.id,
      name: 'first invoice',
    });
    const badId = await inCopy(['send', 'tcp', 'relay', `${p}.findOne`, '"not-an-object-id"']);
    expect(badId.exitCode, badId.stderr).toBe(2);
    expect(badId.stderr).toMatch(/VALIDATION.*invalid .* id "not-an-object-id"/s);
    const invalid = await inCopy(['send', 'tcp', 'relay', `${p}.create`, '{"name":""}']);
    expect(invalid.exitCode).toBe(2);

    const restarted = await inCopy(['restart', 'relay']);
    expect(restarted.exitCode, restarted.stderr).toBe(0);
    expect(await json(['send', 'tcp', 'relay', `${p}.findOne`, JSON.stringify(invoice.id)])).toMatchObject({
      id: invoice.id,
      name: 'first invoice',
    });
    await json(['send', 'tcp', 'relay', `${p}.remove`, JSON.stringify(invoice.id)]);
    expect((await json<any[]>(['send', 'tcp', 'relay', `${p}.findAll`])).map((i) => i.id)).not.toContain(invoice.id);

    const base = `http://127.0.0.1:${3000 + offset}/receipts`;
    const created = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a receipt"}' });
    expect(created.status).toBe(201);
    const receipt = await created.json();
    expect(await (await fetch(`${base}/${receipt.id}`)).json()).toMatchObject({ id: receipt.id, name: 'a receipt' });
    expect((await fetch(`${base}/not-an-object-id`)).status).toBe(400);
    expect((await fetch(`${base}/${'0'.repeat(24)}`)).status).toBe(404);
    // nest-kit's validation pipe throws RpcException on every transport: over HTTP it is a 400, not a 500.
    const refused = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":""}' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION', fields: { name: expect.any(Array) } });
  }, 120_000);

  it('handles Kafka events (kafka and hybrid) and answers HTTP', async () => {
    const event = `evt-${id}`;
    for (const [service, topic] of [
      ['relay', topics.in],
      ['both', topics.hybridIn],
    ]) {
      const sent = await inCopy(['send', 'kafka', topic, JSON.stringify({ id: event }), '--key', event]);
      expect(sent.exitCode, sent.stderr).toBe(0);
      const stats = await eventually(async () => {
        const s = await json(['send', 'tcp', service, `${service}.events.stats`]);
        return s.lastEventId === event && s.published >= 1 ? s : undefined;
      }, 30_000);
      expect(stats.received).toBeGreaterThanOrEqual(1);
    }
    const describedBoth = await json(['patterns', 'both']);
    expect(describedBoth.patterns ?? describedBoth).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pattern: topics.hybridIn, kind: 'event', transport: 'kafka' }),
        expect.objectContaining({ pattern: 'audit.recorded', kind: 'event', transport: 'tcp' }),
      ]),
    );
    const emitted = await inCopy(['send', 'tcp', 'both', 'audit.recorded', JSON.stringify({ id: event }), '--event']);
    expect(emitted.exitCode, emitted.stderr).toBe(0);
    await eventually(async () => {
      const logs = await inCopy(['logs', 'both']);
      return logs.stdout.split('\n').some((l) => l.includes('event handled') && l.includes(event));
    }, 15_000);
    const audited = `audit-${id}`;
    const sentAudit = await inCopy(['send', 'kafka', topics.audited, JSON.stringify({ id: audited })]);
    expect(sentAudit.exitCode, sentAudit.stderr).toBe(0);
    await eventually(async () => {
      const logs = await inCopy(['logs', 'greeter']);
      return logs.stdout.split('\n').some((l) => l.includes('event handled') && l.includes(audited));
    }, 30_000);
    const res = await fetch(`http://127.0.0.1:${3000 + offset}/status`);
    expect(await res.json()).toMatchObject({ service: 'both', status: 'ok' });
  });

  it('a service generated while the stack runs starts with `up <name>`; its Next: lines and README commands work', async () => {
    const g = await inCopy(['g', 'service', 'late', '--transport', 'tcp', '--no-http', '--no-mongo', '--yes']);
    expect(g.exitCode, g.stderr).toBe(0);
    const next = g.stdout
      .slice(g.stdout.indexOf('Next:'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('platform ') && !l.includes('<'));
    expect(next[0]).toBe('platform up late');
    const readme = readFileSync(join(services, 'late', 'README.md'), 'utf8');
    const documented = /```sh\n([\s\S]*?)```/
      .exec(readme)![1]
      .split('\n')
      .map((l) => l.replace(/\s+#.*/, '').trim())
      .filter((l) => l.startsWith('platform '));
    const PATH = platformOnPath();
    const results = [];
    for (const command of [...next, ...documented]) {
      const r = await execa('bash', ['-c', command], { cwd: project, reject: false, env: { ...env, PATH, NO_COLOR: '1' } });
      expect(r.exitCode, `${command}\n${r.stderr}`).toBe(0);
      results.push(r);
    }
    // The first `up late` starts it; the README's own `up late` then finds nothing to do.
    expect(results[0].stderr).toMatch(/late: not in the stack \(new\) -> healthy/);
    expect(documented).toContain('platform up late');
    const state = await json(['status']);
    expect(state.processes.find((p: any) => p.name === 'late')).toMatchObject({ state: 'healthy' });
    expect(state.processes.filter((p: any) => p.kind === 'service' && p.state === 'healthy')).toHaveLength(4);
  }, 300_000);

  it("passes the hybrid service's own e2e tests against the running stack", async () => {
    const r = await execa('npm', ['run', 'test:e2e', '--silent'], {
      cwd: join(services, 'both'),
      reject: false,
      all: true,
      env: { NO_COLOR: '1', PLATFORM_PORT_OFFSET: String(offset), KAFKA_BROKERS: stack.kafkaBrokers.join(',') },
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/Test Files\s+5 passed/);
  }, 180_000);
});

describe('platform generate: every --help example works typed as is', () => {
  it('runs the service, handler and resource examples in order; what they make builds and type-checks', async () => {
    const examples: string[] = [];
    for (const sub of ['service', 'handler', 'resource']) {
      const found = helpExamples((await inCopy(['g', sub, '--help'])).stdout);
      expect(found.length, `platform g ${sub} --help has examples`).toBeGreaterThan(0);
      examples.push(...found);
    }
    const PATH = platformOnPath();
    for (const example of examples) {
      const r = await execa('bash', ['-c', example], {
        cwd: project,
        reject: false,
        env: { ...env, PATH, NO_COLOR: '1' },
        stdin: 'ignore',
      });
      expect(r.exitCode, `${example}\n${r.stderr}`).toBe(0);
    }
    const made = new Set(examples.map((e) => /^platform g \w+ ([a-z-]+)/.exec(e)![1]));
    for (const name of made) {
      const dir = join(services, name);
      for (const [cmd, args] of [
        ['npx', ['nest', 'build']],
        ['npm', ['run', 'typecheck', '--silent']],
      ] as const) {
        const r = await execa(cmd, [...args], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' } });
        expect(r.exitCode, `${name}: ${cmd} ${args.join(' ')}\n${r.all}`).toBe(0);
      }
    }
  }, 600_000);
});
