import { describe, expect, it } from 'vitest';
import { lastProgress } from './managed-process.js';
import { RUN_MARKER } from '../ui/text.js';

describe('lastProgress', () => {
  it('is the last progress line of the current run', () => {
    const log = [
      `${RUN_MARKER}mongo at 2026-11-30T06:00:00.000Z`,
      'progress: restoring 98 MB of data: 10%',
      'some other line',
      'progress: restoring 98 MB of data: 55% (80,000 documents)',
      'another line',
    ].join('\n');
    expect(lastProgress(log)).toBe('restoring 98 MB of data: 55% (80,000 documents)');
  });

  it('ignores the progress of an earlier run, a progress word inside a line, and an empty one', () => {
    const earlier = `${RUN_MARKER}mongo at 1\nprogress: restoring 98 MB of data: 99%\n`;
    expect(lastProgress(`${earlier}${RUN_MARKER}mongo at 2\nstarting\n`)).toBeUndefined();
    expect(lastProgress(`${RUN_MARKER}mongo at 2\n{"msg":"progress: not a progress line"}\n`)).toBeUndefined();
    expect(lastProgress(`${RUN_MARKER}mongo at 2\nprogress: \n`)).toBeUndefined();
  });

  it('reads a tail that starts inside the current run (its marker cut off)', () => {
    expect(lastProgress('ing: 3% of 9 MB\nprogress: restoring 9 MB of data: 4%\n')).toBe('restoring 9 MB of data: 4%');
    expect(lastProgress('progress: restoring 9 MB of data: 0%')).toBe('restoring 9 MB of data: 0%');
  });
});
