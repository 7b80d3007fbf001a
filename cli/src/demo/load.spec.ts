import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';

const parse = (src: string) => parseScenario(src, 'demos/x.yaml');
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('parseScenario', () => {
  it('accepts a valid scenario and records the line of each step', async () => {
    const { scenario, issues } = await parse(
      lines(
        '# yaml-language-server: $schema=./scenario.schema.json',
        'description: one payment',
        'steps:',
        '  - say: hello',
        '  - http: { method: POST, path: /payments, body: { amount: 5 } }',
        '    capture: { paymentId: body.id }',
        '  - expect:',
        '      kafka: { topic: payments.events, key: "${paymentId}" }',
        '      within: 5s',
      ),
    );
    expect(issues).toEqual([]);
    expect(scenario!.name).toBe('x');
    expect(scenario!.stepLines).toEqual([4, 5, 7]);
  });

  it('reports a YAML syntax error with its line', async () => {
    const { issues } = await parse(lines('description: x', 'steps:', '  - say: a: b', '  - say: c'));
    expect(issues).toHaveLength(1);
    expect(issues[0].line).toBe(3);
    expect(issues[0].message).toMatch(/YAML syntax/);
  });

  it('reports only the first syntax error, with a hint for an unquoted ${...} in a flow map', async () => {
    const { issues } = await parse(
      lines('description: x', 'steps:', '  - send: { kafka: { topic: t, value: 1, headers: { id: evt_${runId} } } }', '  - say: c'),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0].line).toBe(3);
    expect(issues[0].message).toMatch(/quote values that contain/);
  });

  it('points an unknown field at its key and suggests the near name', async () => {
    const { issues } = await parse(
      lines('description: x', 'steps:', '  - say: hi', '  - http:', '      path: /payments', '      methd: POST'),
    );
    expect(issues).toEqual([
      { file: 'demos/x.yaml', line: 6, column: 7, path: 'steps[1].http.methd', message: 'unknown field "methd" (did you mean "method"?)' },
    ]);
  });

  it('says what was expected for a wrong enum value, with line and column', async () => {
    const { issues } = await parse(lines('description: x', 'steps:', '  - http:', '      method: FETCH', '      path: /p'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 15, path: 'steps[0].http.method' });
    expect(issues[0].message).toBe('expected one of GET, POST, PUT, PATCH, DELETE, got "FETCH"');
  });

  it('rejects a step with no action or two actions', async () => {
    const { issues } = await parse(lines('description: x', 'steps:', '  - title: nothing', '  - say: a', '    pause: b'));
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [3, expect.stringMatching(/^expected one action in this step: say, up, down/)],
      [4, 'a step has exactly one action, found say and pause (split it into 2 steps)'],
    ]);
  });

  it('explains a bad duration', async () => {
    const { issues } = await parse(lines('description: x', 'steps:', '  - wait: 10 seconds'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 3, path: 'steps[0].wait' });
    expect(issues[0].message).toMatch(/^expected a duration .*500ms.*got "10 seconds"$/);
  });

  it('reports missing required fields at the object that lacks them', async () => {
    const { issues } = await parse(lines('steps:', '  - send:', '      kafka:', '        topic: t'));
    expect(issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [1, '', 'missing "description"'],
      [4, 'steps[0].send.kafka', 'missing "value"'],
    ]);
  });

  it('rejects a variable used before the step that captures it', async () => {
    const { issues } = await parse(
      lines(
        'description: x',
        'steps:',
        '  - http: { path: "/payments/${paymentId}" }',
        '  - http: { method: POST, path: /payments }',
        '    capture: { paymentId: body.id }',
      ),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 3, path: 'steps[0].http.path' });
    expect(issues[0].message).toBe('${paymentId} is not defined before this step (step 2 captures it, which is too late)');
  });

  it('allows built-in variables and vars', async () => {
    const { issues } = await parse(lines('description: x', 'vars: { amount: 5 }', 'steps:', '  - say: "run ${runId} pays ${amount}"'));
    expect(issues).toEqual([]);
  });

  it('rejects an empty file and a file that is not a mapping', async () => {
    expect((await parse('')).issues[0].message).toMatch(/expected an object, got nothing/);
    expect((await parse('- a\n- b\n')).issues[0].message).toMatch(/expected an object, got a list/);
  });
});
