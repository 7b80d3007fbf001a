import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from './write.js';

const project = () => {
  const root = mkdtempSync(join(tmpdir(), 'gen-write-'));
  mkdirSync(join(root, 'services'));
  return root;
};

describe('writeAtomically', () => {
  it('writes every file, then the folder appears whole', () => {
    const root = project();
    writeAtomically(
      root,
      join(root, 'services', 'orders'),
      new Map([
        ['package.json', '{}'],
        ['src/main.ts', 'x'],
      ]),
    );
    expect(readFileSync(join(root, 'services', 'orders', 'src', 'main.ts'), 'utf8')).toBe('x');
    expect(readdirSync(root)).toEqual(['services']);
  });

  it('a failure halfway leaves neither the service nor the staging folder behind', () => {
    const root = project();
    // "src" is written as a file, so "src/main.ts" cannot be: the write fails after the first file.
    expect(() =>
      writeAtomically(
        root,
        join(root, 'services', 'orders'),
        new Map([
          ['src', 'a file'],
          ['src/main.ts', 'x'],
        ]),
      ),
    ).toThrow();
    expect(existsSync(join(root, 'services', 'orders'))).toBe(false);
    expect(readdirSync(root)).toEqual(['services']);
  });

  it('refuses a target that exists, with exit 2', () => {
    const root = project();
    mkdirSync(join(root, 'services', 'orders'));
    expect(() => writeAtomically(root, join(root, 'services', 'orders'), new Map([['a', 'b']]))).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });
});
