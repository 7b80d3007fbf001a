import { describe, expect, it } from 'vitest';
import { addToModule, removeFromModule, setConstant } from './source-edit.js';

const multiline = `import { Module } from '@nestjs/common';
import { PlatformModule } from '@platform/nest-kit';
import { GreetingsModule } from './greetings/greetings.module.js';

@Module({
  imports: [
    PlatformModule.forRoot({ name: 'x', version: '1' }),
    GreetingsModule,
  ],
})
export class AppModule {}
`;

describe('setConstant', () => {
  it('replaces the value of an exported constant, quoting strings', () => {
    const src = "export const SERVICE_NAME = 'template-service';\nexport const DEFAULT_TCP_PORT = 4100;\n";
    expect(setConstant(setConstant(src, 'SERVICE_NAME', 'orders'), 'DEFAULT_TCP_PORT', 4007)).toBe("export const SERVICE_NAME = 'orders';\nexport const DEFAULT_TCP_PORT = 4007;\n");
  });

  it('throws when the template lost the constant', () => {
    expect(() => setConstant('const X = 1;', 'X', 2)).toThrow('missing');
  });
});

describe('addToModule / removeFromModule', () => {
  it('adds an import line and a line in a multi-line array, once', () => {
    const out = addToModule(multiline, 'imports', 'EventsModule', './events/events.module.js');
    expect(out).toContain("import { GreetingsModule } from './greetings/greetings.module.js';\nimport { EventsModule } from './events/events.module.js';");
    expect(out).toContain('    GreetingsModule,\n    EventsModule,\n  ],');
    expect(addToModule(out, 'imports', 'EventsModule', './events/events.module.js')).toBe(out);
  });

  it('adds to a one-line array and creates a missing key', () => {
    const oneLine = "import { Module } from '@nestjs/common';\n\n@Module({ imports: [A.forRoot({ a: [1] })] })\nexport class M {}\n";
    expect(addToModule(oneLine, 'imports', 'B', './b.js')).toContain('@Module({ imports: [A.forRoot({ a: [1] }), B] })');
    expect(addToModule(oneLine, 'controllers', 'C', './c.js')).toContain('@Module({ imports: [A.forRoot({ a: [1] })], controllers: [C] })');
    expect(addToModule(multiline, 'controllers', 'C', './c.js')).toContain("    GreetingsModule,\n  ],\n  controllers: [C],\n})");
    expect(addToModule("import { Module } from '@nestjs/common';\n@Module({})\nclass M {}", 'controllers', 'C', './c.js')).toContain('@Module({ controllers: [C] })');
  });

  it('removes a module and its import', () => {
    const out = removeFromModule(multiline, 'GreetingsModule');
    expect(out).not.toContain('Greetings');
    expect(out).toContain("PlatformModule.forRoot({ name: 'x', version: '1' }),\n  ],");
    expect(removeFromModule("import { B } from './b.js';\n@Module({ imports: [A, B] })", 'B')).toBe('@Module({ imports: [A] })');
  });
});
