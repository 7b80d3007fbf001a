import { createRequire } from 'node:module';

/** How soon a request held back by the in-flight limit or a marginal throttle is tried again (kafkajs' own value). */
const RECHECK_MS = 10;

const FIXED = Symbol('platform: kafkajs timer loop fixed');

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/**
 * kafkajs 2.2.4, its last release, re-arms a timer in every connection's request queue even when
 * no request waits, and with a negative delay: a 1 ms setTimeout loop per broker connection for
 * the life of the process (tulios/kafkajs#1556; the fix proposed in #1667 was never released). It
 * cost each service about 5% of a core while idle, and thousands of wake-ups a second under load.
 * A check is only needed while requests wait (throttled, or over the in-flight limit): a response
 * that arrives checks the queue itself. Applied once, and only to the version that has the bug.
 */
export function fixKafkajsTimerLoop(): boolean {
  const require = createRequire(import.meta.url);
  if ((require('kafkajs/package.json') as { version: string }).version !== '2.2.4') return false;
  const queue = (require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue }).prototype;
  if (FIXED in queue.scheduleCheckPendingRequests) return true;
  const schedule = function (this: RequestQueue) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const throttledFor = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledFor > 0 ? throttledFor : RECHECK_MS,
    );
  };
  queue.scheduleCheckPendingRequests = Object.assign(schedule, { [FIXED]: true });
  return true;
}
