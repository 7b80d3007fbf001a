import { describe, expect, it } from 'vitest';
import { dependencyLevels } from './build.js';

describe('dependencyLevels', () => {
  const pkgs = [
    { name: 'nest-kit', deps: ['kafkajs-fix', '@nestjs/common'] },
    { name: 'contracts', deps: [] },
    { name: 'kafkajs-fix', deps: ['kafkajs'] },
    { name: 'extra', deps: ['nest-kit'] },
  ];
  const levels = (items: typeof pkgs) =>
    dependencyLevels(
      items,
      (p) => p.name,
      (p) => p.deps,
    ).map((l) => l.map((p) => p.name));

  it('puts each package after the packages it depends on, and the independent ones together', () => {
    expect(levels(pkgs)).toEqual([['contracts', 'kafkajs-fix'], ['nest-kit'], ['extra']]);
  });

  it('takes dependencies that are not being built as built, and builds a cycle rather than never', () => {
    expect(levels(pkgs.slice(0, 1))).toEqual([['nest-kit']]);
    expect(
      levels([
        { name: 'a', deps: ['b'] },
        { name: 'b', deps: ['a'] },
      ]),
    ).toEqual([['a', 'b']]);
  });
});
