import { describe, expect, it } from 'vitest';
import { planService } from './service-plan.js';
import type { ServiceOptions } from './installers.js';

const ctx = { tsconfig: { extends: '../../tsconfig.base.json' } };
const plan = (o: Partial<ServiceOptions>) => planService({ name: 'orders', transport: 'tcp', http: false, tcpPort: 4010, ...o }, ctx);
const paths = (p: Awaited<ReturnType<typeof plan>>) => [...p.files.keys()];

describe('planService', { timeout: 60_000 }, () => {
  it('tcp: the template with its greetings feature from the Nest schematics, named and numbered', async () => {
    const p = await plan({});
    expect(
      paths(p)
        .filter((f) => f.startsWith('src/greetings/'))
        .sort(),
    ).toEqual([
      'src/greetings/dto/greet.dto.spec.ts',
      'src/greetings/dto/greet.dto.ts',
      'src/greetings/greetings.controller.spec.ts',
      'src/greetings/greetings.controller.ts',
      'src/greetings/greetings.module.ts',
      'src/greetings/greetings.service.spec.ts',
      'src/greetings/greetings.service.ts',
    ]);
    // `nest g module/controller/service greetings` output: registered in AppModule and in its own module.
    expect(p.files.get('src/app.module.ts')).toMatch(
      /import \{ GreetingsModule \} from '\.\/greetings\/greetings\.module\.js';[\s\S]+GreetingsModule,?\n/,
    );
    expect(p.files.get('src/greetings/greetings.module.ts')).toContain(
      '@Module({\n  controllers: [GreetingsController],\n  providers: [GreetingsService]\n})',
    );
    expect(p.files.get('src/greetings/greetings.controller.ts')).toContain(
      "@Controller('greetings')\nexport class GreetingsController {\n  constructor(private readonly greetings: GreetingsService) {}",
    );
    expect(p.files.get('src/greetings/greetings.controller.spec.ts')).toContain("it('greets by name and counts greetings'");
    expect(paths(p)).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        '.gitignore',
        'src/main.ts',
        'src/greetings/greetings.controller.ts',
        'src/greetings/greetings.controller.spec.ts',
        'test/greetings.e2e.test.ts',
        'test/platform.e2e.test.ts',
      ]),
    );
    expect(paths(p).some((f) => f.startsWith('src/events/') || f.startsWith('src/items/') || f.startsWith('src/http/'))).toBe(false);
    expect(p.files.get('src/service.constants.ts')).toContain("export const SERVICE_NAME = 'orders';");
    expect(p.files.get('src/service.constants.ts')).toContain('export const DEFAULT_TCP_PORT = 4010;');
    const pkg = JSON.parse(p.files.get('package.json')!);
    expect(pkg).toMatchObject({
      name: '@platform/orders',
      scripts: { build: 'nest build', typecheck: 'tsc -p tsconfig.json' },
      devDependencies: { '@nestjs/cli': expect.any(String) },
      platform: { tcpPort: 4010, transports: ['tcp'], consumes: [], produces: [], dependsOn: [] },
    });
    expect(pkg.dependencies).not.toHaveProperty('kafkajs');
    expect(pkg.dependencies).not.toHaveProperty('mongoose');
  });

  it('leaves no trace of the template name and no build output', async () => {
    for (const o of [{}, { transport: 'hybrid' as const, http: true, httpPort: 3001, mongo: 'orders' }]) {
      const p = await plan(o);
      for (const [path, content] of p.files) expect(content, path).not.toContain('template-service');
      expect(paths(p).some((f) => f.startsWith('dist/') || f.endsWith('.tsbuildinfo') || f === '_gitignore')).toBe(false);
    }
  });

  it('kafka: an event handler instead of greetings, topics declared with the dead-letter topic', async () => {
    const p = await plan({ transport: 'kafka', consumes: 'orders.in', produces: 'orders.out' });
    expect(paths(p)).toEqual(
      expect.arrayContaining([
        'src/events/events.controller.ts',
        'src/events/events.module.ts',
        'src/events/events.producer.ts',
        'src/events/events.service.spec.ts',
        'test/events.e2e.test.ts',
      ]),
    );
    expect(paths(p).some((f) => f.includes('greetings'))).toBe(false);
    const appModule = p.files.get('src/app.module.ts')!;
    expect(appModule).toContain("import { EventsModule } from './events/events.module.js';");
    expect(appModule).not.toContain('Greetings');
    expect(p.files.get('src/events/events.constants.ts')).toContain("export const CONSUMES_TOPIC = 'orders.in';");
    expect(p.files.get('src/events/events.constants.ts')).toContain("export const PRODUCES_TOPIC = 'orders.out';");
    expect(JSON.parse(p.files.get('package.json')!)).toMatchObject({
      platform: { transports: ['tcp', 'kafka'], consumes: ['orders.in'], produces: ['orders.out', 'orders.in.dlt'], dependsOn: ['kafka'] },
      dependencies: { kafkajs: expect.any(String) },
    });
  });

  it('kafka without topics: <name>.commands in, <name>.events out', async () => {
    const p = await plan({ transport: 'kafka' });
    expect(p.declaration).toMatchObject({ consumes: ['orders.commands'], produces: ['orders.events', 'orders.commands.dlt'] });
  });

  it('hybrid + http + mongo: every part, each module imported once', async () => {
    const p = await plan({ transport: 'hybrid', http: true, httpPort: 3001, mongo: 'purchases' });
    expect(p.installers).toEqual(['greetings', 'kafka', 'mongo', 'http']);
    const appModule = p.files.get('src/app.module.ts')!;
    for (const m of ['GreetingsModule', 'EventsModule', 'DatabaseModule', 'PurchasesModule', 'HttpModule']) {
      expect(appModule.match(new RegExp(`\\b${m}\\b`, 'g'))).toHaveLength(2);
    }
    // --mongo purchases is `nest g resource purchases` on a mongoose model.
    expect(p.files.get('src/purchases/schemas/purchase.schema.ts')).toContain("@Schema({ collection: 'purchases',");
    expect(p.files.get('test/mongo.e2e.test.ts')).toContain("export const PATTERNS = 'orders.purchases';");
    expect(paths(p)).toEqual(
      expect.arrayContaining([
        'src/purchases/purchases.service.ts',
        'src/purchases/purchases.controller.spec.ts',
        'src/http/status.controller.ts',
        'test/http.e2e.test.ts',
        'test/mongo.e2e.test.ts',
      ]),
    );
    expect(paths(p).some((f) => f.includes('entities/'))).toBe(false);
    const pkg = JSON.parse(p.files.get('package.json')!);
    expect(pkg.platform).toMatchObject({
      tcpPort: 4010,
      httpPort: 3001,
      transports: ['tcp', 'kafka', 'http'],
      dependsOn: ['kafka', 'mongo'],
    });
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['@nestjs/mongoose', 'mongoose', 'kafkajs', '@platform/nest-kit']),
    );
    expect(p.patterns.map((x) => x.pattern)).toEqual([
      'orders.greet',
      'orders.commands',
      'orders.events.stats',
      ...['create', 'findAll', 'findOne', 'update', 'remove'].map((op) => `orders.purchases.${op}`),
      'GET /status',
    ]);
    expect(p.files.get('README.md')).toContain('`orders.purchases.create`');
  });

  it('points tsconfig.json at the project base config, or inlines compiler options when there is none', async () => {
    expect(JSON.parse((await plan({})).files.get('tsconfig.json')!).extends).toBe('../../tsconfig.base.json');
    const inlined = await planService(
      { name: 'orders', transport: 'tcp', http: false, tcpPort: 4010 },
      { tsconfig: { compilerOptions: { strict: true } } },
    );
    const tsconfig = JSON.parse(inlined.files.get('tsconfig.json')!);
    expect(tsconfig.extends).toBeUndefined();
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, noEmit: true });
  });
});
