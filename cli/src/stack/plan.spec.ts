import { describe, expect, it } from 'vitest';
import { planStart } from './plan.js';
import type { ServiceSpec } from './declaration.js';
import { serviceSpec } from '../../test/support/service-spec.js';

const svc = (name: string, dependsOn: string[] = [], tcpPort = 4000): ServiceSpec =>
  serviceSpec(name, tcpPort, { dependsOn, staged: false });

const all = [
  svc('gateway', ['payments', 'ledger']),
  svc('payments', ['kafka', 'mongo', 'ledger']),
  svc('ledger', ['kafka', 'mongo']),
  svc('notifications', ['kafka']),
];
const names = (levels: ServiceSpec[][]) => levels.map((l) => l.map((s) => s.name));

describe('planStart', () => {
  it('orders every service after its dependencies, in parallel levels', () => {
    expect(names(planStart(all).levels)).toEqual([['ledger', 'notifications'], ['payments'], ['gateway']]);
  });

  it('starts only what was asked for and what it needs', () => {
    expect(names(planStart(all, ['payments']).levels)).toEqual([['ledger'], ['payments']]);
    expect(names(planStart(all, ['notifications']).levels)).toEqual([['notifications']]);
  });

  it('always starts kafka and mongo', () => {
    expect(planStart(all, ['notifications']).infra).toEqual(['kafka', 'mongo']);
    expect(planStart([]).infra).toEqual(['kafka', 'mongo']);
  });

  it('names unknown services and lists the known ones', () => {
    expect(() => planStart(all, ['paymnets'])).toThrow(/unknown service: paymnets/);
    try {
      planStart(all, ['paymnets']);
    } catch (e) {
      expect((e as { hint: string; exitCode: number }).hint).toMatch(/gateway, ledger, notifications, payments/);
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('refuses a dependency that is neither a service nor infrastructure', () => {
    expect(() => planStart([svc('a', ['redis'])])).toThrow(/depends on "redis"/);
  });

  it('reports a dependency cycle with its path', () => {
    expect(() => planStart([svc('a', ['b']), svc('b', ['a'])])).toThrow(/cycle: a -> b -> a/);
  });
});
