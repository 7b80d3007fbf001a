import type { SchematicStep } from './schematics.js';
import { addImport, addTests, asVitestSpec, replaceExactly } from './source-edit.js';

/** `nest g module greetings`, `nest g controller greetings`, `nest g service greetings`: the sample feature of a TCP service. */
export const greetingsSchematics: SchematicStep[] = ['module', 'controller', 'service'].map((schematic) => ({
  schematic,
  options: { name: 'greetings' },
}));

/**
 * Fills the generated controller and service with the sample request/reply handler (its DTO is
 * the template's src/greetings/dto/), and its specs with what they check.
 */
export function fillGreetings(generated: Map<string, string>): Map<string, string> {
  const take = (file: string) => {
    const content = generated.get(`src/greetings/${file}`);
    if (content === undefined) throw new Error(`the Nest schematics did not generate src/greetings/${file}`);
    return content;
  };
  const controller = replaceExactly(
    take('greetings.controller.ts'),
    "import { Controller } from '@nestjs/common';\n",
    `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { GreetDto } from './dto/greet.dto.js';
import { GreetingsService } from './greetings.service.js';
import { SERVICE_NAME } from '../service.constants.js';

export const GREET_PATTERN = \`\${SERVICE_NAME}.greet\`;
`,
  );
  const controllerSpec = addImport(
    replaceExactly(
      asVitestSpec(take('greetings.controller.spec.ts')),
      'controllers: [GreetingsController],',
      'controllers: [GreetingsController],\n      providers: [GreetingsService],',
    ),
    'GreetingsService',
    './greetings.service.js',
  );
  return new Map([
    ['src/greetings/greetings.module.ts', take('greetings.module.ts')],
    [
      'src/greetings/greetings.controller.ts',
      replaceExactly(
        controller,
        'export class GreetingsController {}',
        `export class GreetingsController {
  constructor(private readonly greetings: GreetingsService) {}

  @MessagePattern(GREET_PATTERN, Transport.TCP)
  @PatternDoc({ description: 'Greets someone and counts greetings' })
  greet(@Payload() dto: GreetDto) {
    return this.greetings.greet(dto.name);
  }
}`,
      ),
    ],
    [
      'src/greetings/greetings.service.ts',
      replaceExactly(
        take('greetings.service.ts'),
        'export class GreetingsService {}',
        `export class GreetingsService {
  private greeted = 0;

  greet(name: string): { greeting: string; count: number } {
    this.greeted++;
    return { greeting: \`Hello, \${name}!\`, count: this.greeted };
  }
}`,
      ),
    ],
    [
      'src/greetings/greetings.controller.spec.ts',
      addTests(
        controllerSpec,
        `
  it('greets by name and counts greetings', () => {
    expect(controller.greet({ name: 'Ada' })).toEqual({ greeting: 'Hello, Ada!', count: 1 });
    expect(controller.greet({ name: 'Grace' })).toEqual({ greeting: 'Hello, Grace!', count: 2 });
  });
`,
      ),
    ],
    ['src/greetings/greetings.service.spec.ts', asVitestSpec(take('greetings.service.spec.ts'))],
  ]);
}
