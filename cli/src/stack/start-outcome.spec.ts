import { describe, expect, it } from 'vitest';
import { OUTSIDE_GRACE_MS, startOutcome, timedOut, waitingFor } from './start-outcome.js';
import type { ProcessStatus, StackState } from './state.js';

const proc = (name: string, state: ProcessStatus['state'], more: Partial<ProcessStatus> = {}): ProcessStatus => ({
  name,
  kind: name === 'kafka' || name === 'mongo' ? (name as 'kafka') : 'service',
  instance: 0,
  address: '',
  state,
  restarts: 0,
  ...more,
});
const stack = (processes: ProcessStatus[], desired: Record<string, number> = { ledger: 1 }) => ({ desired, processes }) as StackState;

describe('startOutcome', () => {
  it('is done when every asked service runs its desired instances, healthy', () => {
    expect(startOutcome(stack([proc('kafka', 'healthy'), proc('ledger', 'healthy')]), ['ledger'], 0)).toEqual({ done: true });
    expect(startOutcome(stack([proc('kafka', 'healthy'), proc('ledger', 'healthy')], { ledger: 2 }), ['ledger'], 0).done).toBe(false);
  });

  it('fails at once on a process that failed, with its reason', () => {
    const o = startOutcome(
      stack([proc('kafka', 'healthy'), proc('ledger', 'failed', { detail: 'exited 5 times; last lines: boom' })]),
      ['ledger'],
      0,
    );
    expect(o).toMatchObject({ done: false, problem: { name: 'ledger', reason: 'exited 5 times; last lines: boom', unreachable: false } });
  });

  it('gives infrastructure run elsewhere a grace period, then calls it unreachable', () => {
    const mongo = proc('mongo', 'starting', { managed: false, detail: 'mongo at 127.0.0.1:1: connection refused' });
    const early = startOutcome(stack([mongo, proc('ledger', 'pending')]), ['ledger'], 1000);
    expect(early.done === false && early.problem).toBeFalsy();
    expect(startOutcome(stack([mongo, proc('ledger', 'pending')]), ['ledger'], OUTSIDE_GRACE_MS + 1)).toMatchObject({
      problem: { name: 'mongo', reason: 'mongo at 127.0.0.1:1: connection refused', unreachable: true },
    });
  });

  it('blames infrastructure first when the time is up', () => {
    const o = startOutcome(
      stack([proc('kafka', 'starting', { detail: 'not ready' }), proc('ledger', 'pending', { detail: 'waiting for kafka' })]),
      ['ledger'],
      0,
    );
    expect(o.done).toBe(false);
    expect(timedOut(o as { waiting: ProcessStatus[] }, 5000)).toEqual({
      name: 'kafka',
      reason: 'starting after 5 s: not ready',
      unreachable: true,
    });
  });
});

describe('waitingFor', () => {
  it('names each process once, with what a starting one says it is doing', () => {
    const waiting = [
      proc('mongo', 'starting', { detail: 'restoring 98.1 MB of data: 40%' }),
      proc('ledger', 'pending', { detail: 'loading; waits for its dependencies' }),
      proc('notifications', 'starting'),
      proc('notifications', 'starting', { instance: 1, detail: 'progress of instance 1' }),
    ];
    expect(waitingFor(waiting)).toBe('mongo (restoring 98.1 MB of data: 40%), ledger, notifications (progress of instance 1)');
    expect(waitingFor([])).toBe('');
  });
});
