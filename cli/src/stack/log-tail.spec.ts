import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLastLines } from './log-tail.js';

describe('readLastLines', () => {
  it('reads the last lines from the end of the file, across chunks, with or without a final newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tail-'));
    try {
      const file = join(dir, 'payments.log');
      const lines = Array.from({ length: 500 }, (_, i) => `line ${i} é€`);
      writeFileSync(file, lines.join('\n') + '\n');
      // A 7-byte chunk splits lines and multi-byte characters: the cut still falls on a newline.
      expect(readLastLines(file, 3, 7)).toBe(lines.slice(-3).join('\n') + '\n');
      expect(readLastLines(file, 1)).toBe(`${lines[499]}\n`);
      expect(readLastLines(file, 1000)).toBe(lines.join('\n') + '\n');
      writeFileSync(file, 'a\nb\nc');
      expect(readLastLines(file, 2, 2)).toBe('b\nc');
      expect(readLastLines(file, 3)).toBe('a\nb\nc');
      writeFileSync(file, '');
      expect(readLastLines(file, 5)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
