import { usageError } from '../errors.js';
import { kebabCase, pascalCase } from './names.js';
import type { SchematicStep } from './schematics.js';
import { addTests } from './source-edit.js';

export type HandlerKind = 'message' | 'event';
export type HandlerTransport = 'tcp' | 'kafka';

export interface HandlerPlan {
  pattern: string;
  kind: HandlerKind;
  transport: HandlerTransport;
  feature: string;
  className: string;
  /** New files, relative to the service folder. */
  files: Map<string, string>;
  /** The edited src/app.module.ts. */
  appModule: string;
}

interface Names {
  service: string;
  Name: string;
  feature: string;
  pattern: string;
  constant: string;
  className: string;
}

const PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)*$/;

/** `cancel` on service `orders` -> `orders.cancel`; a dotted pattern is taken as it is. */
export function qualifyPattern(service: string, pattern: string): string {
  if (!PATTERN.test(pattern)) {
    throw usageError(`invalid pattern "${pattern}"`, 'patterns are dotted words, e.g. `orders.cancel` (letters, digits, "_" and "-")');
  }
  return pattern.includes('.') ? pattern : `${service}.${pattern}`;
}

/** The names of a handler's feature: `orders.cancel` on `orders` -> src/cancel/, CancelController, CANCEL_PATTERN. */
export function handlerNames(service: string, rawPattern: string, transport: HandlerTransport): Names {
  const pattern = transport === 'kafka' ? validTopic(rawPattern) : qualifyPattern(service, rawPattern);
  const feature = kebabCase(pattern.startsWith(`${service}.`) ? pattern.slice(service.length + 1) : pattern);
  const Name = pascalCase(feature);
  return {
    service,
    Name,
    feature,
    pattern,
    constant: `${feature.replace(/-/g, '_').toUpperCase()}_${transport === 'kafka' ? 'TOPIC' : 'PATTERN'}`,
    className: `${Name}Controller`,
  };
}

/** What `nest g controller <feature>` and `nest g class <feature>/dto/<feature>.dto --flat` make; the handler goes into them. */
export function handlerSchematics(names: Names): SchematicStep[] {
  return [
    { schematic: 'controller', options: { name: names.feature } },
    { schematic: 'class', options: { name: `${names.feature}/dto/${names.feature}.dto`, flat: true, spec: false } },
  ];
}

/**
 * Fills what the Nest schematics generated (an empty controller with its spec, an empty DTO class,
 * the controller registered in AppModule) with one handler: a TCP message or event handler, or a
 * Kafka event handler on nest-kit's KafkaEventConsumer (retries, then `<topic>.dlt`).
 */
export function planHandler(names: Names, kind: HandlerKind, transport: HandlerTransport, generated: Map<string, string>): HandlerPlan {
  const { feature, className } = names;
  const take = (path: string) => {
    const content = generated.get(path);
    if (content === undefined) throw new Error(`the Nest schematics did not generate ${path}`);
    return content;
  };
  const controllerPath = `src/${feature}/${feature}.controller.ts`;
  const specPath = `src/${feature}/${feature}.controller.spec.ts`;
  const dtoPath = `src/${feature}/dto/${feature}.dto.ts`;
  const handler = transport === 'kafka' ? kafkaHandler : kind === 'message' ? messageHandler : eventHandler;
  const files = new Map<string, string>([
    [dtoPath, fillClass(take(dtoPath), `${names.Name}Dto`, dtoImports, dtoBody(kind))],
    [controllerPath, fillController(take(controllerPath), names, handler)],
    [specPath, fillSpec(take(specPath), names, kind, transport)],
  ]);
  return {
    pattern: names.pattern,
    kind: transport === 'kafka' ? 'event' : kind,
    transport,
    feature,
    className,
    files,
    appModule: take('src/app.module.ts'),
  };
}

interface HandlerSource {
  imports: string;
  implements?: string;
  body: (n: Names) => string;
}

function fillClass(source: string, className: string, imports: string, body: string, heritage = ''): string {
  const empty = `export class ${className} {}`;
  if (!source.includes(empty)) throw new Error(`unexpected schematic output: ${className} is not an empty class`);
  return imports + source.replace(empty, `export class ${className} ${heritage ? `implements ${heritage} ` : ''}{\n${body}}`);
}

function fillController(source: string, names: Names, handler: HandlerSource): string {
  const nestImport = "import { Controller } from '@nestjs/common';\n";
  if (!source.startsWith(nestImport)) throw new Error(`unexpected schematic output for ${names.className}`);
  const imports = handler.imports.replace(/__feature__/g, names.feature).replace(/__Name__/g, names.Name);
  const withConstant = source.slice(nestImport.length).replace(/^\n/, `\nexport const ${names.constant} = '${names.pattern}';\n\n`);
  return fillClass(withConstant, names.className, imports, handler.body(names), handler.implements);
}

function fillSpec(source: string, { Name, feature, className }: Names, kind: HandlerKind, transport: HandlerTransport): string {
  const imports = `import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { beforeEach, describe, expect, it } from 'vitest';
${transport === 'kafka' ? "import { HealthRegistry } from '@platform/nest-kit';\n" : ''}import { ${Name}Dto } from './dto/${feature}.dto.js';
`;
  const module =
    transport === 'kafka'
      ? source.replace(`controllers: [${className}],`, `controllers: [${className}],\n      providers: [HealthRegistry],`)
      : source;
  const handles =
    kind === 'message' && transport === 'tcp'
      ? `expect(controller.handle(${Name}Dto.example)).toMatchObject({ id: ${Name}Dto.example.id });`
      : `${transport === 'kafka' ? 'await ' : ''}controller.handle(${Name}Dto.example);\n    expect(controller.handledCount).toBe(1);`;
  const tests = `
  it('handles its example payload', async () => {
    ${handles}
  });

  it('refuses a payload without an id', async () => {
    const errors = await validate(plainToInstance(${Name}Dto, { note: 'no id' }));
    expect(errors.map((e) => e.property)).toEqual(['id']);
  });
`;
  return (
    imports +
    addTests(module, tests).replace(
      /^import \{ Test, TestingModule \} from '@nestjs\/testing';/m,
      "import { Test, type TestingModule } from '@nestjs/testing';",
    )
  );
}

function validTopic(topic: string): string {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic) || !topic.includes('.')) {
    throw usageError(
      `invalid topic "${topic}"`,
      'a Kafka event handler takes the topic it consumes, e.g. `payments.events` (letters, digits, ".", "_", "-")',
    );
  }
  return topic;
}

const dtoImports = "import { IsOptional, IsString, Length } from 'class-validator';\n\n";
const dtoBody = (kind: HandlerKind) => `  static readonly example = { id: '${kind === 'event' ? 'evt' : 'req'}-1' };

  @IsString()
  @Length(1, 200)
  id!: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
`;

const messageHandler: HandlerSource = {
  imports: `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { __Name__Dto } from './dto/__feature__.dto.js';
`,
  body: ({ Name, pattern, constant }) => `  @MessagePattern(${constant}, Transport.TCP)
  @PatternDoc({ description: 'Answers ${pattern}' })
  handle(@Payload() dto: ${Name}Dto) {
    return { id: dto.id, handledAt: new Date().toISOString() };
  }
`,
};

const eventHandler: HandlerSource = {
  imports: `import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { __Name__Dto } from './dto/__feature__.dto.js';
`,
  body: ({ Name, className, pattern, constant }) => `  private readonly logger = new Logger(${className}.name);
  private handled = 0;

  @EventPattern(${constant}, Transport.TCP)
  @PatternDoc({ description: 'Handles ${pattern} (fire-and-forget)' })
  handle(@Payload() event: ${Name}Dto): void {
    this.handled++;
    this.logger.log({ msg: 'event handled', pattern: ${constant}, id: event.id, handled: this.handled });
  }

  get handledCount(): number {
    return this.handled;
  }
`,
};

/** Kafka delivers through nest-kit's consumer (its own group, retries, dead letters); the decorator is what `platform.describe` lists. */
const kafkaHandler: HandlerSource = {
  imports: `import { Controller, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { HealthRegistry, KafkaEventConsumer, parseEvent, PatternDoc, serviceConfig } from '@platform/nest-kit';
import { __Name__Dto } from './dto/__feature__.dto.js';
`,
  implements: 'OnApplicationBootstrap, OnModuleDestroy',
  body: ({ service, Name, feature, className, pattern, constant }) => `  private readonly logger = new Logger(${className}.name);
  private consumer?: KafkaEventConsumer;
  private handled = 0;

  constructor(private readonly health: HealthRegistry) {}

  onApplicationBootstrap() {
    const cfg = serviceConfig(process.env, { name: '${service}', tcpPort: 0 });
    const consumer = new KafkaEventConsumer({
      brokers: cfg.kafkaBrokers.length ? cfg.kafkaBrokers : ['127.0.0.1:9092'],
      clientId: \`\${cfg.name}-${feature}-\${cfg.instance}\`,
      groupId: \`\${cfg.name}.${feature}\`,
      topic: ${constant},
      logger: this.logger,
      handle: async (event) => this.handle(await parseEvent(${Name}Dto, event.value)),
    });
    this.health.register('kafka-consumer-${feature}', () => consumer.checkConsumer());
    consumer.start();
    this.consumer = consumer;
  }

  async onModuleDestroy() {
    await this.consumer?.stop();
  }

  @EventPattern(${constant}, Transport.KAFKA)
  @PatternDoc({ description: 'Handles events on ${pattern}; a message that keeps failing goes to ${pattern}.dlt' })
  async handle(@Payload() event: ${Name}Dto): Promise<void> {
    this.handled++;
    this.logger.log({ msg: 'event handled', topic: ${constant}, id: event.id, handled: this.handled });
  }

  get handledCount(): number {
    return this.handled;
  }
`,
};
