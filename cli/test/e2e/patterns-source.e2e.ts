import { describe, expect, it } from 'vitest';
import { platformJson } from '../support/stack.js';

/** `patterns --static` reads the source; `patterns` asks the running service (`platform.describe`): they must agree. */
const byPattern = (d: { patterns: { pattern: unknown }[] }) =>
  [...d.patterns].sort((a, b) => JSON.stringify(a.pattern).localeCompare(JSON.stringify(b.pattern)));

describe('patterns from source agree with platform.describe', () => {
  for (const service of ['payments', 'ledger', 'notifications']) {
    it(
      service,
      async () => {
        const [running, source] = await Promise.all([platformJson(['patterns', service]), platformJson(['patterns', service, '--static'])]);
        expect(running.patterns.length).toBeGreaterThan(0);
        expect(byPattern(source)).toEqual(byPattern(running));
      },
      180_000,
    );
  }
});
