import { describe, expect, it } from 'vitest';
import type { ProcessStatus, StackState } from '../stack/state.js';
import { missing } from './up.action.js';

const svc = (name: string, state: ProcessStatus['state'], more: Partial<ProcessStatus> = {}): ProcessStatus => ({
  name,
  kind: 'service',
  instance: 0,
  address: '',
  state,
  restarts: 0,
  ...more,
});
const stack = (desired: Record<string, number>, processes: ProcessStatus[]) => ({ desired, processes }) as StackState;

describe('what up starts on a running stack', () => {
  it('nothing when every asked service runs its desired instances, healthy', () => {
    expect(missing(stack({ ledger: 2 }, [svc('ledger', 'healthy'), svc('ledger', 'healthy', { instance: 1 })]), ['ledger'])).toEqual([]);
  });

  it('a new service, one scaled to 0, and one that failed, each with what it was', () => {
    const s = stack({ ledger: 0, payments: 1 }, [
      svc('ledger', 'stopped', { detail: 'scaled to 0' }),
      svc('payments', 'failed', { detail: 'exited 5 times' }),
    ]);
    expect(missing(s, ['ledger', 'payments', 'orders'])).toEqual([
      { name: 'ledger', was: 'scaled to 0' },
      { name: 'payments', was: 'failed (exited 5 times)' },
      { name: 'orders', was: 'not in the stack (new)' },
    ]);
  });
});
