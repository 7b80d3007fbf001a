import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { GreetingsController } from './greetings.controller.js';
import { GreetingsService } from './greetings.service.js';

describe('GreetingsController', () => {
  it('greets by name and counts greetings', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [GreetingsController], providers: [GreetingsService] }).compile();
    const controller = moduleRef.get(GreetingsController);
    expect(controller.greet({ name: 'Ada' })).toEqual({ greeting: 'Hello, Ada!', count: 1 });
    expect(controller.greet({ name: 'Grace' })).toEqual({ greeting: 'Hello, Grace!', count: 2 });
  });
});
