import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { GreetDto } from './greet.dto.js';

describe('GreetDto', () => {
  it('accepts its example', async () => {
    expect(await validate(plainToInstance(GreetDto, GreetDto.example))).toEqual([]);
  });

  it('refuses an empty name', async () => {
    const errors = await validate(plainToInstance(GreetDto, { name: '' }));
    expect(errors.map((e) => e.property)).toEqual(['name']);
  });
});
