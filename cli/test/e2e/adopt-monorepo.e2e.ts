import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedCli } from '../support/installed-cli.js';
import { OFFSET } from '../support/stack.js';

/**
 * A Nest CLI monorepo made by the Nest CLI's own generators (`nest new`, `nest generate app`): `shop`
 * answers TCP, `worker` consumes Kafka (an event and a request/reply pattern). No nest-kit, no
 * platform keys. The packed CLI is installed into it; `init --yes`, `up` (each app built with
 * `nest build <app>`), `send tcp`, `send kafka --reply`, `patterns --static`, `status`, `down`.
 */
const NEST_CLI = '@nestjs/cli@11';
const dir = mkdtempSync(join(tmpdir(), 'platform-monorepo-'));
const repo = join(dir, 'shop');
const env = { PLATFORM_PORT_OFFSET: String(OFFSET + 400) };
const cli = installedCli(repo, env);
const { npx, npxJson } = cli;
// The Nest CLI's `generate app` does not move the first app into apps/ under vitest's NODE_ENV=test.
const sh = (cmd: string, args: string[], cwd = repo) =>
  execa(cmd, args, { cwd, env: { ...env, NODE_ENV: 'development' }, stdin: 'ignore' });

const SOURCES: Record<string, string> = {
  'apps/shop/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: Number(process.env.SHOP_PORT ?? 3201) },
  });
  await app.listen();
}
bootstrap();
`,
  'apps/shop/src/app.controller.ts': `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

export const HELLO = { cmd: 'hello' };

@Controller()
export class AppController {
  @MessagePattern(HELLO)
  hello(@Payload() data: { name: string }) {
    return \`hello \${data.name}\`;
  }
}
`,
  'apps/worker/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(WorkerModule, {
    transport: Transport.KAFKA,
    options: { client: { clientId: 'worker', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') }, consumer: { groupId: 'worker' } },
  });
  await app.listen();
}
bootstrap();
`,
  'apps/worker/src/worker.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';

export enum Topic { Orders = 'shop.orders', Quote = 'shop.quote' }

@Controller()
export class WorkerController {
  private seen = 0;

  @EventPattern(Topic.Orders)
  order() {
    this.seen++;
  }

  @MessagePattern(Topic.Quote)
  quote(@Payload() data: { qty: number }) {
    return { price: data.qty * 3, seen: this.seen };
  }
}
`,
};

beforeAll(async () => {
  await sh('npx', ['-y', NEST_CLI, 'new', 'shop', '--skip-git', '--skip-install', '--package-manager', 'npm'], dir);
  await sh('npx', ['-y', NEST_CLI, 'generate', 'app', 'worker']);
  for (const [path, text] of Object.entries(SOURCES)) writeFileSync(join(repo, path), text);
  await sh('npm', ['install', '--no-audit', '--no-fund']);
  await sh('npm', ['install', '--no-audit', '--no-fund', '@nestjs/microservices@11', 'kafkajs']);
  await cli.install(dir);
  await cli.initAndUp(240);
}, 1_500_000);

afterAll(async () => {
  await npx(['down']);
}, 300_000);

describe('a Nest CLI monorepo adopted with platform init', () => {
  it('init declared both apps, built with nest build', () => {
    const yaml = readFileSync(join(repo, 'platform.yaml'), 'utf8');
    expect(yaml).toContain('build: npx nest build shop');
    expect(yaml).toContain('start: dist/apps/worker/main.js');
    expect(yaml).toMatch(/SHOP_PORT: "\{tcpPort\}"/);
    expect(yaml).toMatch(/KAFKA_BROKERS: "\{kafkaBrokers\}"/);
    expect(yaml).toMatch(/consumes:\n\s+- shop\.orders\n\s+- shop\.quote\n/);
  });

  it('send tcp to an object pattern', async () => {
    expect(await npxJson(['send', 'tcp', 'shop', '{"cmd":"hello"}', '{"name":"ada"}'])).toBe('hello ada');
  });

  it('send kafka --reply to the worker', async () => {
    const r = await npxJson(['send', 'kafka', 'shop.quote', '{"qty":2}', '--reply', '--timeout', '60000']);
    expect(JSON.stringify(r)).toContain('"price":6');
  }, 120_000);

  it('patterns from source, with no process asked', async () => {
    const d = await npxJson(['patterns', 'worker', '--static']);
    expect(d.patterns.map((p: { pattern: unknown; kind: string }) => [p.pattern, p.kind])).toEqual([
      ['shop.orders', 'event'],
      ['shop.quote', 'message'],
    ]);
  }, 120_000);

  it('status shows both healthy', async () => {
    const state = await npxJson(['status']);
    for (const name of ['shop', 'worker'])
      expect(state.processes.find((p: { name: string }) => p.name === name)).toMatchObject({ state: 'healthy' });
  });
});
