import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { listSavedRequests, requestStep, saveRequest } from './saved-requests.js';

describe('saved requests', () => {
  it('saves a TCP request as a one-step scenario the scenario loader accepts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'req-'));
    const file = saveRequest(
      root,
      'balance-alice',
      requestStep({ tcp: { service: 'ledger', pattern: 'ledger.balance', data: { accountId: 'cus_alice' } } }),
    );
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('platform send @requests/balance-alice.yaml');
    const { scenario, issues } = await parseScenario(text, file);
    expect(issues).toEqual([]);
    expect(scenario!.steps[0].send!.tcp).toEqual({ service: 'ledger', pattern: 'ledger.balance', data: { accountId: 'cus_alice' } });
    expect(listSavedRequests(root)).toMatchObject([{ name: 'balance-alice', kind: 'tcp', title: 'ledger ledger.balance' }]);
  });
  it('keeps a JSON Kafka value as structure and text as text', async () => {
    expect(requestStep({ kafka: { topic: 't', key: 'k', value: '{"a":1}', headers: { h: 'v' } } }).send!.kafka).toEqual({
      topic: 't',
      key: 'k',
      value: { a: 1 },
      headers: { h: 'v' },
    });
    expect(requestStep({ kafka: { topic: 't', value: 'plain {' } }).send!.kafka).toEqual({ topic: 't', value: 'plain {' });
    const root = mkdtempSync(join(tmpdir(), 'req-'));
    const file = saveRequest(root, 'evt', requestStep({ kafka: { topic: 't', value: '{"a":1}' } }));
    expect((await parseScenario(readFileSync(file, 'utf8'), file)).issues).toEqual([]);
  });
  it('refuses names that are not plain file names', () => {
    expect(() => saveRequest('/tmp', '../etc/passwd', requestStep({ kafka: { topic: 't', value: 'x' } }))).toThrow(/not a request name/);
  });
});
