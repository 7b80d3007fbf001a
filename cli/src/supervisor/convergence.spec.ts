import { describe, expect, it } from 'vitest';
import { convergeSteps, type Observed } from './convergence.js';

const services = [
  { name: 'ledger', dependsOn: ['mongo', 'kafka'] },
  { name: 'payments', dependsOn: ['ledger', 'mongo'] },
];
const infra: Observed[] = [
  { name: 'kafka', instance: 0, state: 'healthy' },
  { name: 'mongo', instance: 0, state: 'healthy' },
];

describe('convergeSteps', () => {
  it('starts a missing instance whose dependencies are healthy, and keeps its dependants waiting with the reason', () => {
    const steps = convergeSteps(services, { ledger: 1, payments: 1 }, infra);
    expect(steps).toEqual([
      { do: 'start', name: 'ledger', instance: 0 },
      { do: 'wait', name: 'payments', instance: 0, reason: 'waiting for ledger: not started' },
    ]);
  });

  it("passes on a dependency's own reason", () => {
    const down: Observed[] = [
      { name: 'kafka', instance: 0, state: 'healthy' },
      { name: 'mongo', instance: 0, state: 'starting', detail: 'mongo at 127.0.0.1:1: connection refused' },
    ];
    expect(convergeSteps(services, { ledger: 1 }, down)).toEqual([
      { do: 'wait', name: 'ledger', instance: 0, reason: 'waiting for mongo: mongo at 127.0.0.1:1: connection refused' },
    ]);
  });

  it('names a dependency scaled to 0', () => {
    const observed: Observed[] = [...infra, { name: 'ledger', instance: 0, state: 'stopped' }];
    expect(convergeSteps(services, { ledger: 0, payments: 1 }, observed)).toEqual([
      { do: 'wait', name: 'payments', instance: 0, reason: 'waiting for ledger (scaled to 0)' },
    ]);
  });

  it('stops instances above the desired count and leaves healthy ones alone', () => {
    const observed: Observed[] = [
      ...infra,
      { name: 'ledger', instance: 0, state: 'healthy' },
      { name: 'ledger', instance: 1, state: 'healthy' },
      { name: 'ledger', instance: 2, state: 'stopped' },
    ];
    expect(convergeSteps(services, { ledger: 1 }, observed)).toEqual([{ do: 'stop', name: 'ledger', instance: 1 }]);
  });

  it('starts a stopped instance again when it is desired (scaled from 0 back to 1)', () => {
    const observed: Observed[] = [...infra, { name: 'ledger', instance: 0, state: 'stopped', detail: 'scaled to 0' }];
    expect(convergeSteps(services, { ledger: 1 }, observed)).toEqual([{ do: 'start', name: 'ledger', instance: 0 }]);
  });

  it('retries a failed instance only when asked to', () => {
    const observed: Observed[] = [...infra, { name: 'ledger', instance: 0, state: 'failed', detail: 'exited 5 times' }];
    expect(convergeSteps(services, { ledger: 1 }, observed)).toEqual([]);
    expect(convergeSteps(services, { ledger: 1 }, observed, true)).toEqual([{ do: 'start', name: 'ledger', instance: 0 }]);
  });

  it('leaves a crashed instance to its restart policy', () => {
    const observed: Observed[] = [...infra, { name: 'ledger', instance: 0, state: 'crashed' }];
    expect(convergeSteps(services, { ledger: 1 }, observed)).toEqual([]);
  });
});
