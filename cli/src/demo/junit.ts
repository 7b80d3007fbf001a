import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { usageError } from '../errors.js';
import { dirname, resolve } from 'node:path';
import type { RunResult } from './runner.js';

const esc = (s: string) =>
  s
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    // XML 1.0 forbids most control characters; colour codes must not reach the report either.
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');

/** JUnit XML: one test suite per scenario, one test case per step (what CI dashboards show). */
export function renderJunit(results: RunResult[]): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const total = results.reduce((a, r) => a + r.steps.length, 0);
  const failures = results.reduce((a, r) => a + r.steps.filter((s) => s.status === 'failed').length, 0);
  const time = results.reduce((a, r) => a + r.ms, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="platform demo" tests="${total}" failures="${failures}" time="${secs(time)}">`,
  ];
  for (const r of results) {
    const f = r.steps.filter((s) => s.status === 'failed').length;
    const sk = r.steps.filter((s) => s.status === 'skipped').length;
    out.push(
      `  <testsuite name="${esc(r.scenario)}" tests="${r.steps.length}" failures="${f}" errors="0" skipped="${sk}" time="${secs(r.ms)}" file="${esc(r.file)}">`,
    );
    out.push(
      `    <properties><property name="runId" value="${esc(r.runId)}"/><property name="description" value="${esc(r.description)}"/></properties>`,
    );
    for (const s of r.steps) {
      const name = `${String(s.index + 1).padStart(2, '0')} ${s.title}`;
      const open = `    <testcase classname="demo.${esc(r.scenario)}" name="${esc(name)}" file="${esc(r.file)}" line="${s.line}" time="${secs(s.ms)}"`;
      if (s.status === 'passed') out.push(`${open}/>`);
      else if (s.status === 'skipped') out.push(`${open}><skipped/></testcase>`);
      else
        out.push(
          `${open}><failure message="${esc(s.error ?? 'failed')}" type="${esc(s.action)}">${esc(`${r.file}:${s.line}\n${s.error ?? ''}\n${s.diff ?? ''}`)}</failure></testcase>`,
        );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/**
 * mkdir -p one folder at a time: Node's recursive mkdirSync spins forever under /proc (it retries
 * the ENOENT it gets there), where this fails at once with the error to report.
 */
function makeFolders(dir: string): void {
  if (existsSync(dir)) return;
  makeFolders(dirname(dir));
  mkdirSync(dir);
}

export function writeJunit(file: string, results: RunResult[]): void {
  makeFolders(dirname(resolve(file)));
  writeFileSync(file, renderJunit(results));
}

/** Checked before a run, so a long passing demo does not end on "cannot write the report". */
export function assertWritable(file: string): void {
  const existed = existsSync(file);
  try {
    makeFolders(dirname(resolve(file)));
    closeSync(openSync(file, 'a'));
    if (!existed) rmSync(file);
  } catch (e) {
    throw usageError(
      `--junit ${file}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'pass a path in a writable folder, e.g. --junit reports/demo.xml',
    );
  }
}
