import { describe, expect, it } from 'vitest';
import { handlerNames, handlerSchematics, planHandler, qualifyPattern } from './handler-plan.js';
import { runNestSchematics } from './schematics.js';
import { templatesDir } from './service-plan.js';

// The real @nestjs/schematics, in memory over the service template (nothing is written).
const generate = async (service: string, pattern: string, kind: 'message' | 'event', transport: 'tcp' | 'kafka' = 'tcp') => {
  const names = handlerNames(service, pattern, transport);
  return planHandler(names, kind, transport, await runNestSchematics(`${templatesDir()}service`, handlerSchematics(names)));
};

describe('planHandler', { timeout: 60_000 }, () => {
  it('a message handler: nest g controller + class, filled in, registered in AppModule with an ESM import', async () => {
    const plan = await generate('orders', 'orders.cancel', 'message');
    expect(plan).toMatchObject({
      pattern: 'orders.cancel',
      kind: 'message',
      transport: 'tcp',
      feature: 'cancel',
      className: 'CancelController',
    });
    expect([...plan.files.keys()].sort()).toEqual([
      'src/cancel/cancel.controller.spec.ts',
      'src/cancel/cancel.controller.ts',
      'src/cancel/dto/cancel.dto.ts',
    ]);
    const controller = plan.files.get('src/cancel/cancel.controller.ts')!;
    expect(controller).toContain("export const CANCEL_PATTERN = 'orders.cancel';");
    expect(controller).toContain("@Controller('cancel')\nexport class CancelController {");
    expect(controller).toContain('@MessagePattern(CANCEL_PATTERN, Transport.TCP)');
    const spec = plan.files.get('src/cancel/cancel.controller.spec.ts')!;
    expect(spec).toContain("import { beforeEach, describe, expect, it } from 'vitest';");
    expect(spec).toContain("it('should be defined'"); // nest's own test stays
    expect(spec).toContain("it('handles its example payload'");
    expect(spec).toMatch(/ {2}it\('refuses a payload without an id'[\s\S]+\n {2}\}\);\n\}\);\n$/);
    expect(plan.files.get('src/cancel/dto/cancel.dto.ts')).toMatch(/export class CancelDto \{\n {2}static readonly example/);
    expect(plan.appModule).toContain("import { CancelController } from './cancel/cancel.controller.js';");
    expect(plan.appModule).toMatch(/controllers: \[CancelController\]/);
  });

  it('an event handler uses @EventPattern and a foreign pattern keeps its prefix in the feature name', async () => {
    const plan = await generate('orders', 'payments.captured', 'event');
    expect(plan.feature).toBe('payments-captured');
    expect(plan.files.get('src/payments-captured/payments-captured.controller.ts')).toContain(
      '@EventPattern(PAYMENTS_CAPTURED_PATTERN, Transport.TCP)',
    );
  });

  it('a Kafka event handler consumes the topic with nest-kit, in its own consumer group', async () => {
    const plan = await generate('orders', 'payments.events', 'event', 'kafka');
    expect(plan).toMatchObject({ pattern: 'payments.events', kind: 'event', transport: 'kafka', feature: 'payments-events' });
    const controller = plan.files.get('src/payments-events/payments-events.controller.ts')!;
    expect(controller).toContain("export const PAYMENTS_EVENTS_TOPIC = 'payments.events';");
    expect(controller).toContain('export class PaymentsEventsController implements OnApplicationBootstrap, OnModuleDestroy {');
    expect(controller).toContain('@EventPattern(PAYMENTS_EVENTS_TOPIC, Transport.KAFKA)');
    expect(controller).toContain('groupId: `${cfg.name}.payments-events`');
    const spec = plan.files.get('src/payments-events/payments-events.controller.spec.ts')!;
    expect(spec).toContain('controllers: [PaymentsEventsController],\n      providers: [HealthRegistry],');
    expect(spec).toMatch(/ {2}it\('refuses a payload without an id'[\s\S]+\n {2}\}\);\n\}\);\n$/);
  });

  it('prefixes a bare pattern with the service name and refuses malformed patterns and topics', () => {
    expect(qualifyPattern('orders', 'cancel')).toBe('orders.cancel');
    expect(() => qualifyPattern('orders', 'orders..x')).toThrow('invalid pattern');
    expect(() => qualifyPattern('orders', "x'; drop")).toThrow('invalid pattern');
    expect(() => handlerNames('orders', 'bad topic', 'kafka')).toThrow('invalid topic');
  });
});
