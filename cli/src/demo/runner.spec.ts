import { describe, expect, it, vi } from 'vitest';
import { parseScenario } from './load.js';
import { renderJunit } from './junit.js';
import type { Reporter } from './runner.js';
import type { StepView } from './step-kind.js';

// The steps themselves talk to the real stack (tested in cli/test/e2e/demos.e2e.ts); here they
// answer canned results so the runner's own logic (captures, fail-fast, records) is visible.
const calls: unknown[] = [];
vi.mock('./run-step.js', async () => {
  const { StepFailure } = await import('./step-kind.js');
  return {
    runStep: vi.fn(async (step: { http?: { path: string }; expect?: unknown }) => {
      calls.push(step);
      if (step.http?.path === '/payments') return { summary: '201', data: { status: 201, body: { id: 'pay_42', amount: 5 } } };
      if (step.expect) throw new StepFailure('no message matched', '  diff');
      return { summary: 'ok', data: { status: 200 } };
    }),
  };
});

const { runScenario } = await import('./runner.js');

function recorder() {
  const views: StepView[] = [];
  const reporter: Reporter = {
    begin: () => {},
    before: async (_i, _t, v) => {
      views.push(v);
      return 'run';
    },
    progress: () => {},
    passed: () => {},
    failed: async () => 'stop',
    end: () => {},
  };
  return { views, reporter };
}

const fakeEnv = {
  runId: 'r1',
  gatewayUrl: async () => 'http://gw',
  close: async () => {},
  watch: { watching: [], start: async () => {} },
} as never;

describe('runScenario', () => {
  it('passes captured values to later steps, keeping their type, and stops at the first failure', async () => {
    const { scenario } = await parseScenario(
      [
        'description: x',
        'steps:',
        '  - http: { method: POST, path: /payments }',
        '    capture: { paymentId: body.id, amount: body.amount }',
        '  - http: { path: "/payments/${paymentId}", body: { n: "${amount}", run: "${runId}" } }',
        '  - expect: { document: { collection: c } }',
        '  - say: never',
      ].join('\n'),
      'demos/x.yaml',
    );
    const { views, reporter } = recorder();
    const result = await runScenario(scenario!, fakeEnv, reporter);
    expect(calls[1]).toMatchObject({ http: { path: '/payments/pay_42', body: { n: 5, run: 'r1' } } });
    expect(views[1].command).toBe(`curl -s -X POST http://gw/payments/pay_42 -H 'Content-Type: application/json' -d '{"n":5,"run":"r1"}'`);
    expect(result.passed).toBe(false);
    expect(result.steps.map((s) => [s.status, s.line])).toEqual([
      ['passed', 3],
      ['passed', 5],
      ['failed', 6],
      ['skipped', 7],
    ]);
    expect(result.steps[2]).toMatchObject({ error: 'no message matched', diff: '  diff' });
  });

  it('fails a capture whose path is not in the result, saying what the result was', async () => {
    calls.length = 0;
    const { scenario } = await parseScenario(
      ['description: x', 'steps:', '  - http: { path: /health }', '    capture: { id: body.id }'].join('\n'),
      'demos/y.yaml',
    );
    const result = await runScenario(scenario!, fakeEnv, recorder().reporter);
    expect(result.steps[0]).toMatchObject({ status: 'failed', error: 'capture id: "body.id" is not in this step\'s result' });
    expect(result.steps[0].diff).toContain('"status": 200');
  });
});

describe('renderJunit', () => {
  it('writes one test case per step with failures, skips, lines and escaped text', () => {
    const xml = renderJunit([
      {
        scenario: 'happy',
        file: 'demos/happy.yaml',
        description: 'a & b',
        runId: 'r1',
        passed: false,
        ms: 1500,
        steps: [
          { index: 0, line: 4, action: 'http', title: 'POST /payments', status: 'passed', ms: 120 },
          {
            index: 1,
            line: 9,
            action: 'expect',
            title: 'event <captured>',
            status: 'failed',
            ms: 1000,
            error: 'no "match"',
            diff: '\x1b[31m- expected\x1b[39m',
          },
          { index: 2, line: 12, action: 'say', title: 'end', status: 'skipped', ms: 0 },
        ],
      },
    ]);
    expect(xml).toContain('<testsuite name="happy" tests="3" failures="1" errors="0" skipped="1" time="1.500" file="demos/happy.yaml">');
    expect(xml).toContain('<testcase classname="demo.happy" name="01 POST /payments" file="demos/happy.yaml" line="4" time="0.120"/>');
    expect(xml).toContain('name="02 event &lt;captured&gt;"');
    expect(xml).toContain(
      '<failure message="no &quot;match&quot;" type="expect">demos/happy.yaml:9\nno &quot;match&quot;\n- expected</failure>',
    );
    expect(xml).toContain('name="03 end" file="demos/happy.yaml" line="12" time="0.000"><skipped/></testcase>');
    expect(xml).toContain('<property name="description" value="a &amp; b"/>');
  });
});
