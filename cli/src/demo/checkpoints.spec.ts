import { describe, expect, it } from 'vitest';
import { serviceSpec } from '../../test/support/service-spec.js';
import { topicsToClear } from './checkpoints.js';

describe('topicsToClear', () => {
  const orders = serviceSpec('orders', 4004);
  const ledger = serviceSpec('ledger', 4002, { consumes: ['payments.events'], partitions: 3 });
  const payments = serviceSpec('payments', 4001, { produces: ['payments.events'], partitions: 3 });

  it("adds the topics of services started after the first up to the plan's", () => {
    // `up orders` wrote a plan without topics; `up` then added the payment flow to the running stack.
    expect(topicsToClear([], [orders, ledger, payments], ['orders', 'ledger', 'payments'])).toEqual([['payments.events', 3]]);
  });

  it('keeps planned topics once and leaves out services not in the stack', () => {
    expect(topicsToClear([['payments.events', 3]], [ledger, payments], ['ledger'])).toEqual([['payments.events', 3]]);
    expect(topicsToClear([], [ledger, payments], ['orders'])).toEqual([]);
  });
});
