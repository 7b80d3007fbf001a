import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { fixKafkajsTimerLoop } from './index.js';

// kafkajs' own request queue class (internal, but what every broker connection uses).
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js');
const noop = () => {};
const logger = { debug: noop, info: noop, warn: noop, error: noop };
const queues: Array<{ destroy(): void }> = [];
const newQueue = () => {
  const q = new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 1000, clientId: 't', broker: 'b', logger });
  queues.push(q);
  return q;
};
afterEach(() => queues.splice(0).forEach((q) => q.destroy()));

describe('fixKafkajsTimerLoop', () => {
  it('applies to kafkajs 2.2.4, once', () => {
    expect(fixKafkajsTimerLoop()).toBe(true);
    const patched = RequestQueue.prototype.scheduleCheckPendingRequests;
    expect(fixKafkajsTimerLoop()).toBe(true);
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(patched);
  });

  it('arms no timer while nothing waits (kafkajs re-armed one every millisecond)', async () => {
    fixKafkajsTimerLoop();
    const q = newQueue();
    let checks = 0;
    const check = q.checkPendingRequests.bind(q);
    q.checkPendingRequests = () => {
      checks++;
      check();
    };
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    q.checkPendingRequests();
    await new Promise((r) => setTimeout(r, 50));
    expect(checks).toBe(1);
  });

  it('still comes back for a request that waits, when its throttle ends', async () => {
    fixKafkajsTimerLoop();
    const q = newQueue();
    let sent = 0;
    q.throttledUntil = Date.now() + 30;
    q.pending.push({ send: () => sent++, expectResponse: false, correlationId: 1, completed: noop });
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toBe(1);
    expect(q.pending).toHaveLength(0);
  });
});
