import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { viewStep } from './step-view.js';
import { STEP_KINDS } from './steps/index.js';

// One step of every kind (and every kind of expect), with the views the engine showed before the
// steps became a registry: what the presenter and CI print must not change with the structure.
const SCENARIO = [
  'description: every kind',
  'steps:',
  '  - say: "# Heading here\\nmore"',
  '  - say: "**bold** first line that is quite long, longer than sixty characters for sure yes"',
  '  - up:',
  '  - up: { services: [gateway, payments] }',
  '  - down:',
  '  - seed: payment-flow',
  '  - seed: { dataset: payment-flow, reset: true }',
  '  - reset: clean',
  '  - send: { tcp: { service: payments, instance: 2, pattern: get_payment, data: { id: "a b" } } }',
  '  - send: { tcp: { service: payments, pattern: { cmd: x } } }',
  '  - send: { kafka: { topic: t1, key: "k\'1", value: { a: 1 }, headers: { h: v } } }',
  '  - send: { kafka: [{ topic: t1, value: hi }, { topic: t1, value: ho }] }',
  '  - http: { method: POST, path: /payments, headers: { Idempotency-Key: "k{{i}}" }, body: { amount: 5 }, repeat: 3, expect: { status: 201 } }',
  '  - http: { path: /health, expect: { status: 200, body: { ok: true } } }',
  '  - http: { path: /health }',
  '  - expect: { kafka: { topic: t1, key: k, value: { a: 1 }, headers: { h: v } }, within: 5s }',
  '  - expect: { kafka: { topic: t1, count: 2 } }',
  '  - expect: { kafka: { topic: t1, count: 1 } }',
  '  - expect: { document: { collection: payments, filter: { _id: x }, match: { status: ok } } }',
  '  - expect: { document: { collection: payments, count: 3 }, within: 2s }',
  '  - expect: { tcp: { service: ledger, pattern: balance, reply: { total: 5 } } }',
  '  - expect: { tcp: { service: ledger, pattern: balance, error: { status: error } } }',
  '  - expect: { http: { path: /payments/1, status: 200, response: { id: "1" } }, within: 3s }',
  '  - expect: { trace: { id: abc, spans: [{ service: ledger }], errors: 0 } }',
  '  - expect: { group: { id: notifications, members: 2, topic: payments.events } }',
  '  - expect: { group: { id: notifications, members: 1 } }',
  '  - kill: notifications',
  '  - kill: { service: notifications, instance: 1 }',
  '  - restart: ledger',
  '  - scale: { notifications: 2, ledger: 1 }',
  '  - wait: 2s',
  '  - wait: 3',
  '  - wait: { healthy: [a, b], within: 5s }',
  '  - wait: { healthy: a }',
  '  - pause: why',
  '  - pause:',
  '  - title: custom',
  '    say: x',
].join('\n');

describe('viewStep', () => {
  it('announces every kind of step with its title, command and check', async () => {
    const { scenario, issues } = await parseScenario(SCENARIO, 'demos/every-kind.yaml');
    expect(issues).toEqual([]);
    const steps = scenario?.steps ?? [];
    expect(new Set(steps.map((s) => s.kind))).toEqual(new Set(STEP_KINDS));
    const views = steps.map((s) => viewStep(s, 'http://gw'));
    expect(views).toMatchObject([
      { action: 'say', title: 'Heading here', markdown: '# Heading here\nmore' },
      {
        action: 'say',
        title: 'bold first line that is quite long, longer than sixty cha...',
        markdown: '**bold** first line that is quite long, longer than sixty characters for sure yes',
      },
      { action: 'up', title: 'start the stack', command: 'platform up' },
      { action: 'up', title: 'start the stack', command: 'platform up gateway payments' },
      { action: 'down', title: 'stop the stack', command: 'platform down' },
      { action: 'seed', title: 'load dataset payment-flow', command: 'platform seed payment-flow' },
      { action: 'seed', title: 'load dataset payment-flow', command: 'platform seed payment-flow --reset' },
      { action: 'reset', title: 'reset to checkpoint clean', command: 'platform reset clean' },
      { action: 'send', title: 'send get_payment to payments#2', command: 'platform send tcp payments#2 get_payment \'{"id":"a b"}\'' },
      { action: 'send', title: 'send {"cmd":"x"} to payments', command: 'platform send tcp payments \'{"cmd":"x"}\'' },
      { action: 'send', title: 'produce a message to t1', command: "platform send kafka t1 '{\"a\":1}' -k 'k'\\''1' -H h=v" },
      { action: 'send', title: 'produce 2 messages to t1', command: 'platform send kafka t1 hi\nplatform send kafka t1 ho' },
      {
        action: 'http',
        title: '3 × POST /payments at once',
        command:
          "seq 3 | xargs -P 3 -I{} curl -s -X POST http://gw/payments -H 'Idempotency-Key: k{}' -H 'Content-Type: application/json' -d '{\"amount\":5}'",
        check: 'every answer: status 201',
      },
      { action: 'http', title: 'GET /health', command: 'curl -s http://gw/health', check: 'status 200 and a body matching {"ok":true}' },
      { action: 'http', title: 'GET /health', command: 'curl -s http://gw/health' },
      {
        action: 'expect',
        title: 'expect a message on t1',
        command: 'platform tail t1 --from-beginning --filter key=k',
        check: 'a message on t1 with key k whose value matches {"a":1} and headers {"h":"v"} within 5s',
      },
      {
        action: 'expect',
        title: 'expect exactly 2 messages on t1',
        command: 'platform tail t1 --from-beginning',
        check: 'exactly 2 messages on t1',
      },
      {
        action: 'expect',
        title: 'expect exactly 1 message on t1',
        command: 'platform tail t1 --from-beginning',
        check: 'exactly 1 message on t1',
      },
      {
        action: 'expect',
        title: 'expect a document in payments',
        command: 'platform db payments \'{"_id":"x"}\'',
        check: 'a document in payments where {"_id":"x"} matching {"status":"ok"}',
      },
      {
        action: 'expect',
        title: 'expect 3 documents in payments',
        command: "platform db payments '{}'",
        check: '3 documents in payments where {} within 2s',
      },
      {
        action: 'expect',
        title: 'expect ledger to answer balance',
        command: 'platform send tcp ledger balance',
        check: 'a reply matching {"total":5}',
      },
      {
        action: 'expect',
        title: 'expect ledger to answer balance',
        command: 'platform send tcp ledger balance',
        check: 'a reply with error {"status":"error"}',
      },
      {
        action: 'expect',
        title: 'expect GET /payments/1 to answer',
        command: 'curl -s http://gw/payments/1',
        check: 'status 200 and a body matching {"id":"1"} within 3s',
      },
      {
        action: 'expect',
        title: 'expect the trace of abc',
        command: 'platform trace abc',
        check: 'a trace with spans matching {"service":"ledger"}, 0 error span(s)',
      },
      {
        action: 'expect',
        title: 'expect consumer group notifications with 2 members',
        command: 'platform status',
        check: 'group notifications is stable with 2 member(s), every partition of payments.events assigned',
      },
      {
        action: 'expect',
        title: 'expect consumer group notifications with 1 member',
        command: 'platform status',
        check: 'group notifications is stable with 1 member(s)',
      },
      { action: 'kill', title: 'kill notifications (as a crash would)', command: 'platform kill notifications' },
      { action: 'kill', title: 'kill notifications#1 (as a crash would)', command: 'platform kill notifications#1' },
      { action: 'restart', title: 'restart ledger', command: 'platform restart ledger' },
      { action: 'scale', title: 'scale notifications=2 ledger=1', command: 'platform scale notifications=2 ledger=1' },
      { action: 'wait', title: 'wait 2s' },
      { action: 'wait', title: 'wait 3s' },
      { action: 'wait', title: 'wait until a, b are healthy', command: 'platform status' },
      { action: 'wait', title: 'wait until a is healthy', command: 'platform status' },
      { action: 'pause', title: 'why' },
      { action: 'pause', title: 'pause' },
      { action: 'say', title: 'custom', markdown: 'x' },
    ]);
    expect(views.filter((v) => v.narrative).map((v) => v.action)).toEqual(['say', 'say', 'pause', 'pause', 'say']);
    expect(views.filter((v) => v.holds).map((v) => v.action)).toEqual(['pause', 'pause']);
  });
});
