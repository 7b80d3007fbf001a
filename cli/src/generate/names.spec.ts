import { describe, expect, it } from 'vitest';
import { usageMessage } from '../../test/support/usage-error.js';
import { kebabCase, pascalCase, validateCollection, validateServiceName, validateTopic, validateTransport } from './names.js';

const usage = usageMessage;

describe('validateServiceName', () => {
  it('accepts kebab-case names', () => {
    for (const name of ['orders', 'order-history', 'a1', 'svc-2-b']) expect(validateServiceName(name)).toBe(name);
  });

  it('refuses names that are not kebab-case, naming the rule', () => {
    for (const name of ['Orders', 'order_history', '1orders', 'orders-', '-orders', 'or--ders', 'orders.v2', 'ord ers', '']) {
      expect(usage(() => validateServiceName(name))).toMatch(/kebab-case|required/);
    }
  });

  it('refuses reserved and taken names', () => {
    for (const name of ['kafka', 'mongo', 'platform', 'supervisor', 'services'])
      expect(usage(() => validateServiceName(name))).toContain('reserved');
    expect(usage(() => validateServiceName('payments', ['gateway', 'payments']))).toContain('already exists');
  });

  it('refuses overly long names', () => {
    expect(usage(() => validateServiceName('a'.repeat(41)))).toContain('at most 40');
  });
});

describe('other inputs', () => {
  it('transport is tcp, kafka or hybrid', () => {
    expect(validateTransport('hybrid')).toBe('hybrid');
    expect(usage(() => validateTransport('grpc'))).toContain('unknown transport "grpc"');
  });

  it('topics follow Kafka rules', () => {
    expect(validateTopic('orders.events_v2-x', '--produces')).toBe('orders.events_v2-x');
    for (const t of ['', '.', '..', 'orders events', 'a/b', 'x'.repeat(250)])
      expect(usage(() => validateTopic(t, '--consumes'))).toContain('--consumes');
  });

  it('collections are plain names', () => {
    expect(validateCollection('orders')).toBe('orders');
    for (const c of ['', '1x', 'a.b', 'a$b', 'system_x']) expect(usage(() => validateCollection(c))).toContain('--mongo');
  });

  it('cases names for files and classes', () => {
    expect(pascalCase('order-history')).toBe('OrderHistory');
    expect(pascalCase('orders.cancelAll')).toBe('OrdersCancelAll');
    expect(kebabCase('orders.cancelAll')).toBe('orders-cancel-all');
  });
});
