import { execa, type Options } from 'execa';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the real bin: e2e tests drive the CLI exactly as a user does. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/platform.js', import.meta.url));

/** PLATFORM_PORT_OFFSET lets a test run use its own ports beside a developer's stack. */
export const OFFSET = Number(process.env.PLATFORM_PORT_OFFSET ?? 0);
export const stack = {
  kafkaBrokers: [`127.0.0.1:${9092 + OFFSET}`],
  mongoUrl: `mongodb://127.0.0.1:${27017 + OFFSET}/platform`,
  gatewayUrl: `http://127.0.0.1:${3000 + OFFSET}`,
  tcpPort: (declared: number) => declared + OFFSET,
};

/** The demo dataset's merchant keys (demos/data/payment-flow.json), as the README and demos use them. */
export const DEMO_KEYS = {
  m_acme: 'sk_test_acme_0TPlLnwYDL1H-5EwDSqF23Sq',
  m_globex: 'sk_test_globex_PtnH8jEl0iGSrG2vlfGPVdE9',
} as const;

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or the text when it is not JSON. */
  body: any;
  headers: Headers;
}

/** One HTTP request with a JSON (or `raw`) body, as the tests send them to the gateway. */
export async function httpJson(
  url: string,
  method: string,
  opts: { body?: unknown; raw?: string; headers?: Record<string, string>; contentType?: string } = {},
): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': opts.contentType ?? 'application/json', ...opts.headers },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `platform <args>` from the repo root; never throws on a non-zero exit (tests assert it). */
export async function platform(args: string[], opts: Options = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    reject: false,
    ...opts,
    env: { NO_COLOR: '1', ...opts.env },
    stdin: opts.input === undefined ? 'ignore' : undefined,
  } as Options);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** `platform <args> --json`, parsed; fails the test with the CLI's stderr when it did not succeed. */
export async function platformJson<T = any>(args: string[], opts: Options = {}): Promise<T> {
  const r = await platform([...args, '--json'], opts);
  if (r.exitCode !== 0) throw new Error(`platform ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value (or throws with the last reason after `ms`). */
export async function eventually<T>(check: () => Promise<T> | T, ms = 15_000, every = 200): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = new Error('condition was falsy');
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw last;
    await sleep(every);
  }
}

/** A folder with a `platform` executable (the real bin), for running documented commands as written. */
export function platformOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'platform-bin-'));
  writeFileSync(join(dir, 'platform'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'platform'), 0o755);
  return `${dir}:${process.env.PATH}`;
}
