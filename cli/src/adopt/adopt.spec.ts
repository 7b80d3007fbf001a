import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initAction } from '../actions/init.action.js';
import { sourceProgram } from '../source/patterns.js';
import { findNestApps } from './find-apps.js';
import { readApp } from './read-app.js';

function repo(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'platform-adopt-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const NEST = { dependencies: { '@nestjs/core': '^11.0.0' } };
const tcpMain = (port: string) => `import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { port: ${port} } });
  await app.listen();
}
bootstrap();
`;
const MODULE = `export class AppModule {}\n`;

describe('findNestApps', { timeout: 60_000 }, () => {
  it('reads the projects of a Nest CLI monorepo', () => {
    const root = repo({
      'nest-cli.json': {
        monorepo: true,
        root: 'apps/gateway',
        projects: {
          gateway: {
            type: 'application',
            root: 'apps/gateway',
            sourceRoot: 'apps/gateway/src',
            compilerOptions: { tsConfigPath: 'apps/gateway/tsconfig.app.json' },
          },
          billingWorker: { type: 'application', root: 'apps/billing-worker', sourceRoot: 'apps/billing-worker/src' },
          common: { type: 'library', root: 'libs/common' },
        },
      },
      'apps/gateway/tsconfig.app.json': '{}',
    });
    expect(findNestApps(root)).toEqual([
      {
        name: 'gateway',
        entry: 'apps/gateway/src/main.ts',
        build: 'npx nest build gateway',
        start: 'dist/apps/gateway/main.js',
        tsconfig: 'apps/gateway/tsconfig.app.json',
      },
      {
        name: 'billing-worker',
        entry: 'apps/billing-worker/src/main.ts',
        build: 'npx nest build billingWorker',
        start: 'dist/apps/billing-worker/main.js',
        tsconfig: undefined,
      },
    ]);
  });

  it('finds folders that are Nest apps, each with its own build', () => {
    const root = repo({
      'orders/package.json': NEST,
      'orders/src/main.ts': '',
      'tools/package.json': { dependencies: {} },
      'tools/src/main.ts': '',
    });
    expect(findNestApps(root)).toEqual([
      {
        name: 'orders',
        entry: 'orders/src/main.ts',
        build: 'npm run build --prefix orders',
        start: 'orders/dist/main.js',
        tsconfig: undefined,
      },
    ]);
  });

  it('says what it looked for when there is no Nest app', () => {
    expect(() => findNestApps(repo({ 'package.json': { name: 'x' } }))).toThrow(
      expect.objectContaining({
        exitCode: 2,
        message: expect.stringMatching(/no Nest app found .* nest-cli\.json .* @nestjs\/core .* src\/main\.ts/),
      }),
    );
  });
});

describe('readApp', { timeout: 60_000 }, () => {
  const read = (files: Record<string, string>) => {
    const root = repo(files);
    const entry = join(root, 'src/main.ts');
    return readApp(sourceProgram(entry), entry);
  };

  it('maps the env var a port is read from, with its default as the declared port', () => {
    expect(read({ 'src/main.ts': tcpMain('Number(process.env.ORDERS_PORT ?? 3001)'), 'src/app.module.ts': MODULE })).toMatchObject({
      transports: ['tcp'],
      tcpPort: 3001,
      env: { ORDERS_PORT: '{tcpPort}' },
    });
  });

  it('declares a port computed at run time as a TODO naming file and line', () => {
    const facts = read({
      'src/main.ts': tcpMain('await findFreePort()').replace(
        'async function bootstrap',
        'declare function findFreePort(): Promise<number>;\nasync function bootstrap',
      ),
      'src/app.module.ts': MODULE,
    });
    expect(facts.tcpPort).toMatch(/^TODO: the port is computed at run time \(await findFreePort\(\) in .*src\/main\.ts:6\)/);
  });

  it('reads Kafka brokers, subscribed and reply topics, and Mongo use', () => {
    const facts = read({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';
const app = await NestFactory.create(AppModule);
app.connectMicroservice({ transport: Transport.KAFKA, options: { client: { brokers: [process.env.BROKERS!] } } });
await app.listen(process.env.HTTP_PORT ?? 8080);
`,
      'src/app.module.ts': `import { MongooseModule } from '@nestjs/mongoose';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
export const db = MongooseModule.forRoot(process.env.MONGO_URI!);
export class Handlers {
  @EventPattern('orders.created') created() {}
  @MessagePattern('orders.quote') quote() {}
}
`,
    });
    expect(facts).toMatchObject({
      transports: ['kafka', 'http'],
      httpPort: 8080,
      env: { BROKERS: '{kafkaBrokers}', HTTP_PORT: '{httpPort}', MONGO_URI: '{mongoUrl}' },
      consumes: ['orders.created', 'orders.quote'],
      produces: ['orders.quote.reply'],
      usesMongo: true,
    });
  });
});

describe('platform init', () => {
  it('gives a Kafka-only app a reserved port and its consumer group as health', async () => {
    const root = repo({
      'package.json': { ...NEST, name: 'worker' },
      'src/app.module.ts': MODULE,
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';
NestFactory.createMicroservice(AppModule, { transport: Transport.KAFKA, options: { client: { brokers: [process.env.KAFKA_BROKERS!] }, consumer: { groupId: 'billing' } } });
`,
    });
    await initAction({ dir: root, yes: true, json: true });
    const { discoverServices } = await import('../stack/services.js');
    expect(discoverServices(join(root, 'services'))).toMatchObject([
      { name: 'worker', tcpPort: 3001, health: 'kafka-group', kafkaGroup: 'billing-server', env: { KAFKA_BROKERS: '{kafkaBrokers}' } },
    ]);
  }, 60_000);

  it('refuses two apps on one port', async () => {
    const root = repo({
      'a/package.json': NEST,
      'a/src/main.ts': tcpMain('4000'),
      'a/src/app.module.ts': MODULE,
      'b/package.json': NEST,
      'b/src/main.ts': tcpMain('4000'),
      'b/src/app.module.ts': MODULE,
    });
    await expect(initAction({ dir: root, yes: true, json: true })).rejects.toThrow(
      expect.objectContaining({ exitCode: 2, message: 'a and b both listen on port 4000' }),
    );
  }, 60_000);

  it('writes platform.yaml that up can read', async () => {
    const root = repo({ 'package.json': { ...NEST, name: 'orders' }, 'src/main.ts': tcpMain('3001'), 'src/app.module.ts': MODULE });
    await initAction({ dir: root, yes: true, json: true });
    const { discoverServices } = await import('../stack/services.js');
    expect(discoverServices(join(root, 'services'))).toMatchObject([
      { name: 'orders', tcpPort: 3001, start: 'dist/main.js', build: 'npm run build', health: 'round-trip' },
    ]);
    expect(readFileSync(join(root, 'platform.yaml'), 'utf8')).toContain('# Written by `platform init`');
  }, 60_000);
});
