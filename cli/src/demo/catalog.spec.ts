import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { preflight } from './catalog.js';
import { parseScenario } from './load.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const services = [{ name: 'payments' }, { name: 'ledger' }] as never;

describe('preflight', () => {
  it('names every unknown service, checkpoint and dataset with its line and path, before any step runs', async () => {
    const { scenario } = await parseScenario(
      [
        'description: x',
        'steps:',
        '  - up: { services: [payments, gatway] }',
        '  - seed: nodata',
        '  - reset: dirty',
        '  - send: { tcp: { service: paymnts, pattern: p } }',
        '  - expect: { tcp: { service: ledgr, pattern: p } }',
        '  - kill: { service: nobody }',
        '  - scale: { ledger: 1, ghost: 2 }',
        '  - send: { tcp: { service: "${who}", pattern: p } }',
        'vars: { who: anyone }',
      ].join('\n'),
      'demos/x.yaml',
    );
    const error = await preflight(scenario ?? ({} as never), root, services).catch((e: Error) => e);
    const lines = String((error as Error).message)
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lines).toEqual([
      'demos/x.yaml:3:32  steps[0].up.services[1]: unknown service "gatway"; expected one of payments, ledger',
      'demos/x.yaml:4:11  steps[1].seed: no dataset "nodata" (expected demos/data/nodata.json)',
      expect.stringMatching(/^demos\/x\.yaml:5:12 {2}steps\[2\]\.reset: unknown checkpoint "dirty"; expected one of clean/),
      'demos/x.yaml:6:29  steps[3].send.tcp.service: unknown service "paymnts"; expected one of payments, ledger',
      'demos/x.yaml:7:31  steps[4].expect.tcp.service: unknown service "ledgr"; expected one of payments, ledger',
      'demos/x.yaml:8:11  steps[5].kill: unknown service "nobody"; expected one of payments, ledger',
      'demos/x.yaml:9:32  steps[6].scale.ghost: unknown service "ghost"; expected one of payments, ledger',
    ]);
  });
});
