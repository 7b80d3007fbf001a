import { describe, expect, it } from 'vitest';
import { planHandler, qualifyPattern } from './handler-plan.js';

const appModule = `import { Module } from '@nestjs/common';
import { PlatformModule } from '@platform/nest-kit';

@Module({
  imports: [
    PlatformModule.forRoot({ name: 'orders' }),
  ],
})
export class AppModule {}
`;

describe('planHandler', () => {
  it('a message handler: controller, DTO and spec in src/<feature>/, registered in AppModule', () => {
    const plan = planHandler('orders', 'orders.cancel', 'message', appModule);
    expect(plan).toMatchObject({ pattern: 'orders.cancel', kind: 'message', feature: 'cancel', className: 'CancelController' });
    expect([...plan.files.keys()]).toEqual(['src/cancel/dto/cancel.dto.ts', 'src/cancel/cancel.controller.ts', 'src/cancel/cancel.controller.spec.ts']);
    const controller = plan.files.get('src/cancel/cancel.controller.ts')!;
    expect(controller).toContain("export const CANCEL_PATTERN = 'orders.cancel';");
    expect(controller).toContain('@MessagePattern(CANCEL_PATTERN, Transport.TCP)');
    expect(plan.appModule).toContain("import { CancelController } from './cancel/cancel.controller.js';");
    expect(plan.appModule).toContain('controllers: [CancelController],');
  });

  it('an event handler uses @EventPattern and a foreign pattern keeps its prefix in the feature name', () => {
    const plan = planHandler('orders', 'payments.captured', 'event', appModule);
    expect(plan.feature).toBe('payments-captured');
    expect(plan.files.get('src/payments-captured/payments-captured.controller.ts')).toContain('@EventPattern(PAYMENTS_CAPTURED_PATTERN, Transport.TCP)');
  });

  it('prefixes a bare pattern with the service name and refuses malformed ones', () => {
    expect(qualifyPattern('orders', 'cancel')).toBe('orders.cancel');
    expect(() => qualifyPattern('orders', 'orders..x')).toThrow('invalid pattern');
    expect(() => qualifyPattern('orders', "x'; drop")).toThrow('invalid pattern');
  });
});
