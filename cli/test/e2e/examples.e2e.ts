import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/run.js';
import { helpExamples } from '../support/help-examples.js';
import { OFFSET, platform, platformOnPath, ROOT } from '../support/stack.js';

/**
 * Every example in a `--help` text and in the README's shell blocks runs against the shipped
 * stack and seed data, as written (a `platform` on PATH, the README's localhost:3000 moved by the
 * port offset). An example that follows a stream (`tail`, `logs -f`) passes if it is still
 * running, error-free, after FOLLOW_MS. A few are run by their own e2e files instead, named here.
 */
const FOLLOW_MS = 6000;
const RUN_MS = 120_000;
const follows = (example: string) => /^platform (tail|logs)\b/.test(example) && !/ (-e|--exit)\b/.test(example);
const ELSEWHERE: [RegExp, string][] = [
  [/^npm /, 'npm scripts are what CI runs'],
  [/^platform (up|down)\b/, 'stack.e2e.ts starts and stops the stack'],
  [/^platform demo (?!--list)/, 'demos.e2e.ts runs every scenario'],
  [/^platform g(enerate)? /, 'generate.e2e.ts generates, builds and starts services'],
  [/^platform deploy render --values /, 'deploy.e2e.ts renders and checks with values files'],
];

/** Every command path: ['up'], ['send', 'tcp'], ... */
function commandPaths(): string[][] {
  const out: string[][] = [];
  const walk = (cmd: ReturnType<typeof buildProgram>, path: string[]) => {
    for (const sub of cmd.commands) {
      out.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildProgram(), []);
  return out;
}

async function allHelpExamples(): Promise<string[]> {
  const examples: string[] = [];
  for (const command of commandPaths()) examples.push(...helpExamples((await platform([...command, '--help'])).stdout));
  return examples;
}

function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ' '));
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^npx platform/, 'platform').replace(/localhost:3000/g, `127.0.0.1:${3000 + OFFSET}`));
}

const PATH = platformOnPath();

/** Runs one example in bash; one still running after `ms` is stopped with its whole process group. */
async function run(example: string, ms: number) {
  const child = execa('bash', ['-c', example], { cwd: ROOT, reject: false, detached: true, env: { PATH, NO_COLOR: '1' }, stdin: 'ignore' });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGINT');
  }, ms);
  const r = await child;
  clearTimeout(timer);
  return { exitCode: r.exitCode, timedOut, stderr: String(r.stderr ?? ''), stdout: String(r.stdout ?? '') };
}

const covered = (example: string) => ELSEWHERE.find(([re]) => re.test(example))?.[1];

describe('every documented example runs on the shipped stack', async () => {
  const examples = [...readmeExamples(), ...(await allHelpExamples())];

  afterAll(async () => {
    // The examples scale services and add data: leave the stack as the next test file expects it.
    await platform(['reset']);
  }, 120_000);

  it('finds examples in the README and in help texts', () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(examples).toContain(`platform send tcp ledger ledger.balance '{"accountId":"cus_alice"}'`);
  });

  for (const example of examples) {
    const why = covered(example);
    it.skipIf(Boolean(why))(
      `${example}${why ? ` (${why})` : ''}`,
      async () => {
        const r = await run(example, follows(example) ? FOLLOW_MS : RUN_MS);
        if (r.timedOut && follows(example)) {
          expect(r.stderr, 'a following example printed an error').not.toMatch(/error:/);
          return;
        }
        expect(r.timedOut, `still running after ${RUN_MS / 1000} s`).toBe(false);
        expect(r.exitCode, `${r.stderr}\n${r.stdout}`.slice(0, 2000)).toBe(0);
        expect(r.stderr).not.toMatch(/internal error/);
      },
      RUN_MS + 10_000,
    );
  }
});
