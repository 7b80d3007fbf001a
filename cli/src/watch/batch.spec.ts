import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatcher } from './batch.js';

describe('ChangeBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns ten saves in quick succession into one run with every path', async () => {
    const runs: string[][] = [];
    const batcher = new ChangeBatcher(150, async (paths) => void runs.push(paths));
    for (let i = 0; i < 10; i++) {
      batcher.add(`src/f${i}.ts`);
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(150);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveLength(10);
  });

  it('never runs two batches at once: changes during a run make exactly one more run after it', async () => {
    const runs: string[][] = [];
    let finish = () => {};
    const batcher = new ChangeBatcher(100, (paths) => {
      runs.push(paths);
      return new Promise<void>((r) => (finish = r));
    });
    batcher.add('a.ts');
    await vi.advanceTimersByTimeAsync(100);
    batcher.add('b.ts');
    batcher.add('c.ts');
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual([['a.ts']]);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toEqual([['a.ts'], ['b.ts', 'c.ts']]);
  });

  it('keeps going after a run that failed', async () => {
    const runs: string[][] = [];
    const batcher = new ChangeBatcher(50, async (paths) => {
      runs.push(paths);
      throw new Error('boom');
    });
    batcher.add('a.ts');
    await vi.advanceTimersByTimeAsync(50);
    batcher.add('b.ts');
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toEqual([['a.ts'], ['b.ts']]);
  });
});
