import { describe, expect, it } from 'vitest';
import { addTests, addToModule, asVitestSpec, removeFromModule, replaceExactly, setConstant } from './source-edit.js';

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
    expect(setConstant(setConstant(src, 'SERVICE_NAME', 'orders'), 'DEFAULT_TCP_PORT', 4007)).toBe(
      "export const SERVICE_NAME = 'orders';\nexport const DEFAULT_TCP_PORT = 4007;\n",
    );
  });

  it('throws when the template lost the constant', () => {
    expect(() => setConstant('const X = 1;', 'X', 2)).toThrow('missing');
  });
});

describe('addToModule / removeFromModule', () => {
  it('adds an import line and a line in a multi-line array, once', () => {
    const out = addToModule(multiline, 'imports', 'EventsModule', './events/events.module.js');
    expect(out).toContain(
      "import { GreetingsModule } from './greetings/greetings.module.js';\nimport { EventsModule } from './events/events.module.js';",
    );
    expect(out).toContain('    GreetingsModule,\n    EventsModule,\n  ],');
    expect(addToModule(out, 'imports', 'EventsModule', './events/events.module.js')).toBe(out);
  });

  it('adds to a one-line array and creates a missing key', () => {
    const oneLine = "import { Module } from '@nestjs/common';\n\n@Module({ imports: [A.forRoot({ a: [1] })] })\nexport class M {}\n";
    expect(addToModule(oneLine, 'imports', 'B', './b.js')).toContain('@Module({ imports: [A.forRoot({ a: [1] }), B] })');
    expect(addToModule(oneLine, 'controllers', 'C', './c.js')).toContain('@Module({ imports: [A.forRoot({ a: [1] })], controllers: [C] })');
    expect(addToModule(multiline, 'controllers', 'C', './c.js')).toContain('    GreetingsModule,\n  ],\n  controllers: [C],\n})');
    expect(addToModule("import { Module } from '@nestjs/common';\n@Module({})\nclass M {}", 'controllers', 'C', './c.js')).toContain(
      '@Module({ controllers: [C] })',
    );
  });

  it('removes a module and its import', () => {
    const out = removeFromModule(multiline, 'GreetingsModule');
    expect(out).not.toContain('Greetings');
    expect(out).toContain("PlatformModule.forRoot({ name: 'x', version: '1' }),\n  ],");
    expect(removeFromModule("import { B } from './b.js';\n@Module({ imports: [A, B] })", 'B')).toBe('@Module({ imports: [A] })');
  });
});

describe('edits of schematic output', () => {
  const nestSpec = `import { Test, TestingModule } from '@nestjs/testing';

describe('X', () => {
  it('should be defined', () => {});
});
`;

  it('replaceExactly refuses output that is not what the edit builds on', () => {
    expect(replaceExactly('export class A {}', 'export class A {}', 'export class A { x = 1; }')).toBe('export class A { x = 1; }');
    expect(replaceExactly('f(+id); g(+id);', /\(\+id\b/g, '(id')).toBe('f(id); g(id);');
    expect(() => replaceExactly('export class B {}', 'export class A {}', '')).toThrow(
      /unexpected schematic output: no export class A \{\}/,
    );
  });

  it('a Nest spec runs under vitest, with tests added inside its describe', () => {
    const spec = addTests(asVitestSpec(nestSpec), "  it('works', () => {});\n");
    expect(spec).toBe(`import { beforeEach, describe, expect, it } from 'vitest';
import { Test, type TestingModule } from '@nestjs/testing';

describe('X', () => {
  it('should be defined', () => {});
  it('works', () => {});
});
`);
  });
});
