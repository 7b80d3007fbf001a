import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { partitionerFor } from './produce.js';

const meta = (leaders: number[]): PartitionMetadata[] =>
  leaders.map((leader, partitionId) => ({ partitionId, leader, partitionErrorCode: 0, replicas: [1], isr: [1] }));

describe('partitionerFor', () => {
  it('keeps an explicit partition', () => {
    const pick = partitionerFor(meta([1, 1, 1]));
    expect(pick('t', { value: 'v', partition: 2 })).toBe(2);
    expect(pick('t', { key: 'k', value: 'v', partition: 0 })).toBe(0);
  });

  it('hashes keys exactly as kafkajs does (strings and Buffers alike)', () => {
    const partitions = meta([1, 1, 1, 1, 1]);
    const pick = partitionerFor(partitions);
    const theirs = Partitioners.DefaultPartitioner();
    for (const key of ['pay_1', 'cus_alice', 'k42', '']) {
      const expected = theirs({ topic: 't', partitionMetadata: partitions, message: { key, value: null } });
      expect(pick('t', { key, value: 'v' })).toBe(expected);
      expect(pick('t', { key: Buffer.from(key), value: 'v' })).toBe(expected);
    }
  });

  it('spreads keyless messages round-robin over partitions with a leader', () => {
    const pick = partitionerFor(meta([1, -1, 1]));
    const counts = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const p = pick('t', { key: null, value: 'v' });
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    expect([...counts.entries()].sort()).toEqual([
      [0, 150],
      [2, 150],
    ]);
  });
});
