import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import { serviceSpec } from '../../test/support/service-spec.js';
import { deployModel } from './model.js';
import { checkValues, defaultValues, mergeValues, valuesSchema } from './values.js';

const svc = serviceSpec;
const model = deployModel([
  svc('gateway', 4000, { httpPort: 3000, dependsOn: ['payments'] }),
  svc('payments', 4001, { produces: ['payments.events'], dependsOn: ['kafka', 'mongo'], partitions: 12 }),
  svc('ledger', 4002, { consumes: ['payments.events'], produces: ['payments.events.dlt'], dependsOn: ['kafka', 'mongo'] }),
]);
const defaults = defaultValues(model, '1.2.3');
const schema = valuesSchema(defaults);

const refusal = async (values: Record<string, unknown>) => {
  try {
    await checkValues(mergeValues(defaults, values), schema, 'prod.yaml');
  } catch (e) {
    expect((e as PlatformError).exitCode).toBe(2);
    return (e as PlatformError).message;
  }
  throw new Error('expected the values to be refused');
};

describe('chart values', { timeout: 30_000 }, () => {
  it('has a value per topic (partitions from the declarations) and per service', () => {
    expect(defaults.kafka).toMatchObject({
      brokers: 3,
      topics: { 'payments.events': { partitions: 12, retentionHours: 168 }, 'payments.events.dlt': { partitions: 3, retentionHours: 720 } },
    });
    const services = defaults.services as Record<string, Record<string, unknown>>;
    expect(Object.keys(services)).toEqual(['gateway', 'payments', 'ledger']);
    expect(services.gateway.autoscaling).toMatchObject({ enabled: true }); // HPA on CPU for the edge only
    expect(services.payments.autoscaling).toBeUndefined();
    expect(services.ledger.scaling).toEqual({ minReplicas: 1, maxReplicas: 12 }); // no more consumers than partitions
    expect(defaults.keda).toMatchObject({ enabled: false });
  });

  it('accepts the defaults and a partial override merged over them', async () => {
    await checkValues(defaults, schema, 'defaults');
    const merged = mergeValues(defaults, { keda: { enabled: true }, kafka: { topics: { 'payments.events': { partitions: 24 } } } });
    await checkValues(merged, schema, 'prod.yaml');
    expect(merged.keda).toEqual({ enabled: true, lagThreshold: 100, pollingInterval: 15 });
    expect((merged.kafka as any).topics['payments.events']).toEqual({ partitions: 24, retentionHours: 168 });
    expect((merged.kafka as any).brokers).toBe(3);
  });

  it('refuses unknown keys at any depth, naming them', async () => {
    expect(await refusal({ kedaa: { enabled: true } })).toContain('prod.yaml: unknown key "kedaa"');
    expect(await refusal({ services: { gateway: { replica: 3 } } })).toContain('unknown key "services.gateway.replica"');
    expect(await refusal({ services: { orders: { replicas: 1 } } })).toContain('unknown key "services.orders"');
    expect(await refusal({ kafka: { topics: { 'orders.events': { partitions: 3 } } } })).toContain(
      'unknown key "kafka.topics.orders.events"',
    );
  });

  it('refuses wrong types', async () => {
    expect(await refusal({ kafka: { brokers: 'three' } })).toContain('"kafka.brokers" must be integer');
    expect(await refusal({ keda: { enabled: 'yes' } })).toContain('"keda.enabled" must be boolean');
  });

  it('lets the open maps take any key: merchant keys and extra service config', async () => {
    await checkValues(
      mergeValues(defaults, { merchantKeys: { m_acme: 'k1' }, services: { payments: { config: { LOG_LEVEL: 'debug' } } } }),
      schema,
      'prod.yaml',
    );
    expect(await refusal({ merchantKeys: { m_acme: 1 } })).toContain('"merchantKeys.m_acme" must be string');
  });
});
