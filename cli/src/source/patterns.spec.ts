import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPatterns, type SourcePatterns } from './patterns.js';

/** A plain NestJS app written the way the Nest docs write one: nothing of ours in it. */
const FILES: Record<string, string> = {
  'src/main.ts': `import { AppModule } from './app.module';\nexport const app = AppModule;\n`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { MathController } from './math.controller';
import { AuditController } from '../libs/audit/src/audit.controller';
@Module({ controllers: [MathController, AuditController] })
export class AppModule {}
`,
  'src/patterns.ts': `export const SUM = 'math.sum';
export const MULTIPLY = { cmd: 'multiply' };
export const TOPICS = { created: 'orders.created' } as const;
export enum Cmd { Divide = 'divide', Negate = 'negate' }
export enum Version { V1 = 1 }
`,
  'src/dto.ts': `import { IsInt, IsOptional, IsString, Min, ValidateNested, IsIn, IsEnum, Matches, Max } from 'class-validator';
import { Type } from 'class-transformer';
import { Cmd } from './patterns';
const SKU = /^sku_[a-z]+$/;
export class LineDto {
  @Matches(SKU) sku!: string;
  @IsInt() @Min(1) @Max(10 * 1_000) quantity!: number;
}
export class AddressDto { @IsString() city!: string; }
export class OrderDto {
  static example = { id: 'o1', lines: [{ sku: 'sku_a', quantity: 1 }] };
  @IsString() id!: string;
  @ValidateNested({ each: true }) @Type(() => LineDto) lines!: LineDto[];
  @IsOptional() @ValidateNested() address?: AddressDto;
  @IsOptional() @IsIn(['eur', 'usd']) currency?: string;
  @IsOptional() @IsEnum(Cmd) cmd?: Cmd;
}
`,
  'src/math.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload, Ctx, Transport } from '@nestjs/microservices';
import { Cmd, MULTIPLY, SUM, TOPICS, Version } from './patterns';
import { OrderDto } from './dto';
const port = Number(process.env.PORT);
@Controller()
export class MathController {
  @MessagePattern(SUM, Transport.TCP) sum(data: number[]) { return data.reduce((a, b) => a + b, 0); }
  @MessagePattern(MULTIPLY) multiply(@Payload() data: number[]) { return data; }
  @MessagePattern({ cmd: Cmd.Divide, v: Version.V1 }) divide() { return 1; }
  @EventPattern(TOPICS.created, Transport.KAFKA) created(@Payload() order: OrderDto, @Ctx() ctx: unknown) { return order && ctx; }
  @MessagePattern(\`orders.\${port}\`) dynamic() { return port; }
}
`,
  'libs/audit/src/audit.controller.ts': `import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
@Controller()
export class AuditController {
  @MessagePattern('audit.list') list() { return []; }
}
`,
  'src/unused.controller.ts': `import { MessagePattern } from '@nestjs/microservices';
export class Unused { @MessagePattern('never.imported') x() { return 1; } }
`,
};

let read: SourcePatterns;
beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), 'platform-source-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  read = readPatterns(join(root, 'src/main.ts'));
}, 60_000);

const find = (pattern: unknown) => read.patterns.find((p) => JSON.stringify(p.pattern) === JSON.stringify(pattern));

describe('readPatterns', () => {
  it('reads string constants and the transport', () => {
    expect(find('math.sum')).toMatchObject({ kind: 'message', transport: 'tcp' });
  });

  it('reads object patterns from constants, enums and literals', () => {
    expect(find({ cmd: 'multiply' })).toMatchObject({ kind: 'message', transport: 'any' });
    expect(find({ cmd: 'divide', v: 1 })).toBeDefined();
  });

  it('reads an `as const` member as an event pattern on Kafka, with its DTO schema and example', () => {
    const p = find('orders.created')!;
    expect(p).toMatchObject({ kind: 'event', transport: 'kafka', example: { id: 'o1', lines: [{ sku: 'sku_a', quantity: 1 }] } });
    expect(p.schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        lines: { type: 'array', items: { $ref: '#/definitions/LineDto' } },
        address: { $ref: '#/definitions/AddressDto' },
        currency: { type: 'string', enum: ['eur', 'usd'] },
        cmd: { type: 'string', enum: ['divide', 'negate'] },
      },
      required: ['id', 'lines'],
      definitions: {
        LineDto: {
          type: 'object',
          properties: { sku: { type: 'string', pattern: '^sku_[a-z]+$' }, quantity: { type: 'integer', minimum: 1, maximum: 10000 } },
          required: ['sku', 'quantity'],
        },
        AddressDto: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    });
  });

  it('follows imports into libraries, and only from the entry', () => {
    expect(find('audit.list')).toBeDefined();
    expect(find('never.imported')).toBeUndefined();
  });

  it('reports a pattern only known at run time, with file and line, instead of guessing', () => {
    expect(read.problems).toEqual([
      expect.stringMatching(/math\.controller\.ts:12: Number\(process\.env\.PORT\) is only known at run time/),
    ]);
    expect(read.patterns.map((p) => p.pattern)).not.toContainEqual(expect.stringMatching(/^orders\.\d/));
  });
});
