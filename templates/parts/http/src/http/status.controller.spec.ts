import { Test } from '@nestjs/testing';
import { HealthRegistry } from '@platform/nest-kit';
import { describe, expect, it } from 'vitest';
import { StatusController } from './status.controller.js';

describe('StatusController', () => {
  it('reports degraded with the failing check named', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [StatusController], providers: [HealthRegistry] }).compile();
    moduleRef.get(HealthRegistry).register('database', async () => {
      throw new Error('no answer');
    });
    const status = await moduleRef.get(StatusController).status();
    expect(status).toMatchObject({ status: 'degraded', checks: { database: 'down: no answer' } });
  });
});
