import { describe, expect, it } from 'vitest';
import { usageMessage } from '../../test/support/usage-error.js';
import { serviceSpec } from '../../test/support/service-spec.js';
import { deployModel, resourceName } from './model.js';

const svc = serviceSpec;

/** The reference payment flow, as its package.json files declare it. */
const reference = [
  svc('gateway', 4000, { httpPort: 3000, transports: ['tcp', 'http'], dependsOn: ['payments', 'ledger'] }),
  svc('payments', 4001, { produces: ['payments.events'], dependsOn: ['kafka', 'mongo', 'ledger'], partitions: 6 }),
  svc('ledger', 4002, { consumes: ['payments.events'], produces: ['payments.events.dlt'], dependsOn: ['kafka', 'mongo'] }),
  svc('notifications', 4003, { consumes: ['payments.events'], produces: ['payments.events.dlt'], dependsOn: ['kafka', 'mongo'] }),
];

describe('deployModel', () => {
  const model = deployModel(reference);
  const byName = (n: string) => model.services.find((s) => s.name === n)!;

  it("derives the TCP callers of each service from the others' dependsOn", () => {
    expect(byName('ledger').callers).toEqual(['gateway', 'payments']);
    expect(byName('payments').callers).toEqual(['gateway']);
    expect(byName('gateway').callers).toEqual([]);
    expect(byName('notifications').callers).toEqual([]);
    expect(byName('gateway').calls).toEqual(['payments', 'ledger']);
  });

  it('marks the HTTP service as the edge, and who needs Mongo and Kafka', () => {
    expect(model.services.filter((s) => s.edge).map((s) => s.name)).toEqual(['gateway']);
    expect(byName('gateway')).toMatchObject({ mongo: false, kafka: false, httpPort: 3000 });
    expect(byName('payments')).toMatchObject({ mongo: true, kafka: true, nestKit: true });
  });

  it("lists every declared topic with producers, consumers and the producers' partitions", () => {
    expect(model.topics).toEqual([
      {
        name: 'payments.events',
        resource: 'payments-events',
        producers: ['payments'],
        consumers: ['ledger', 'notifications'],
        partitions: 6,
      },
      {
        name: 'payments.events.dlt',
        resource: 'payments-events-dlt',
        producers: ['ledger', 'notifications'],
        consumers: [],
        partitions: 3,
      },
    ]);
    expect(model.tcpPorts).toEqual({ gateway: 4000, payments: 4001, ledger: 4002, notifications: 4003 });
  });

  it('refuses a port two services claim, naming the service and the field', () => {
    const msg = usageMessage(() => deployModel([...reference, svc('audit', 4002)]));
    expect(msg).toContain("ledger and audit both declare port 4002 (ledger's tcpPort, audit's tcpPort)");
    expect(usageMessage(() => deployModel([...reference, svc('audit', 4100, { httpPort: 3000 })]))).toContain(
      "gateway and audit both declare port 3000 (gateway's httpPort, audit's httpPort)",
    );
  });

  it('refuses a consumed topic that no service produces', () => {
    const msg = usageMessage(() => deployModel([...reference, svc('audit', 4100, { consumes: ['orders.events'], dependsOn: ['kafka'] })]));
    expect(msg).toContain('services/audit/package.json "platform".consumes: topic "orders.events" is produced by no service');
  });

  it('refuses a dependency cycle and an unknown dependency', () => {
    const cyclic = [svc('a', 4100, { dependsOn: ['b'] }), svc('b', 4101, { dependsOn: ['a'] })];
    expect(usageMessage(() => deployModel(cyclic))).toMatch(/dependency cycle: a -> b -> a/);
    expect(usageMessage(() => deployModel([svc('a', 4100, { dependsOn: ['redis'] })]))).toMatch(/service a depends on "redis"/);
  });

  it('refuses an empty project', () => {
    expect(usageMessage(() => deployModel([]))).toMatch(/no service is declared/);
  });
});

describe('resourceName', () => {
  it('makes a Kubernetes name of a topic name', () => {
    expect(resourceName('payments.events.dlt')).toBe('payments-events-dlt');
    expect(resourceName('Orders_In')).toBe('orders-in');
  });
});
