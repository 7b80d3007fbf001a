import { usageError } from '../errors.js';
import { kebabCase, pascalCase } from './names.js';
import { addToModule } from './source-edit.js';

export interface HandlerPlan {
  pattern: string;
  kind: 'message' | 'event';
  feature: string;
  className: string;
  /** New files, relative to the service folder. */
  files: Map<string, string>;
  /** The edited src/app.module.ts. */
  appModule: string;
}

const PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)*$/;

/** `cancel` on service `orders` -> `orders.cancel`; a dotted pattern is taken as it is. */
export function qualifyPattern(service: string, pattern: string): string {
  if (!PATTERN.test(pattern)) {
    throw usageError(`invalid pattern "${pattern}"`, 'patterns are dotted words, e.g. `orders.cancel` (letters, digits, "_" and "-")');
  }
  return pattern.includes('.') ? pattern : `${service}.${pattern}`;
}

/**
 * Like `nest generate controller`: src/<feature>/ with a controller holding one handler, its DTO
 * and a spec, registered in AppModule. The feature is named after the pattern without the service prefix.
 */
export function planHandler(service: string, rawPattern: string, kind: 'message' | 'event', appModule: string): HandlerPlan {
  const pattern = qualifyPattern(service, rawPattern);
  const feature = kebabCase(pattern.startsWith(`${service}.`) ? pattern.slice(service.length + 1) : pattern);
  const Name = pascalCase(feature);
  const className = `${Name}Controller`;
  const constant = `${feature.replace(/-/g, '_').toUpperCase()}_PATTERN`;
  const files = new Map<string, string>([
    [`src/${feature}/dto/${feature}.dto.ts`, dto(Name, kind)],
    [`src/${feature}/${feature}.controller.ts`, (kind === 'message' ? messageController : eventController)({ Name, feature, pattern, constant })],
    [`src/${feature}/${feature}.controller.spec.ts`, spec({ Name, feature, kind })],
  ]);
  return { pattern, kind, feature, className, files, appModule: addToModule(appModule, 'controllers', className, `./${feature}/${feature}.controller.js`) };
}

interface Names { Name: string; feature: string; pattern: string; constant: string }

const dto = (Name: string, kind: 'message' | 'event') => `import { IsOptional, IsString, Length } from 'class-validator';

/** The payload of the ${kind}: validated at the boundary (unknown fields are refused). */
export class ${Name}Dto {
  static readonly example = { id: '${kind === 'event' ? 'evt' : 'req'}-1' };

  @IsString()
  @Length(1, 200)
  id!: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}
`;

const messageController = ({ Name, feature, pattern, constant }: Names) => `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { ${Name}Dto } from './dto/${feature}.dto.js';

export const ${constant} = '${pattern}';

@Controller()
export class ${Name}Controller {
  @MessagePattern(${constant}, Transport.TCP)
  @PatternDoc({ description: 'Answers ${pattern}' })
  handle(@Payload() dto: ${Name}Dto) {
    return { id: dto.id, handledAt: new Date().toISOString() };
  }
}
`;

const eventController = ({ Name, feature, pattern, constant }: Names) => `import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { ${Name}Dto } from './dto/${feature}.dto.js';

export const ${constant} = '${pattern}';

@Controller()
export class ${Name}Controller {
  private readonly logger = new Logger(${Name}Controller.name);
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
}
`;

const spec = ({ Name, feature, kind }: { Name: string; feature: string; kind: 'message' | 'event' }) => `import { Test } from '@nestjs/testing';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { ${Name}Controller } from './${feature}.controller.js';
import { ${Name}Dto } from './dto/${feature}.dto.js';

describe('${Name}Controller', () => {
  it('handles its example payload', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [${Name}Controller] }).compile();
    const controller = moduleRef.get(${Name}Controller);
${kind === 'message'
    ? `    expect(controller.handle(${Name}Dto.example)).toMatchObject({ id: ${Name}Dto.example.id });`
    : `    controller.handle(${Name}Dto.example);
    expect(controller.handledCount).toBe(1);`}
  });

  it('refuses a payload without an id', async () => {
    const errors = await validate(plainToInstance(${Name}Dto, { note: 'no id' }));
    expect(errors.map((e) => e.property)).toEqual(['id']);
  });
});
`;
