/**
 * Reading what the user hands a command: JSON with a position on error, data from an argument,
 * `@file` or stdin, `k=v` headers. Pure parsing lives here so it is unit-tested without a stack.
 *
 *   parseJson(text, where): unknown                        usageError naming line:column on bad JSON
 *   readDataArg(arg, { what, stdin? }): Promise<string|undefined>   arg | @file | - (stdin) | piped stdin
 *   parseHeaders(['k=v', ...]): Record<string, string>    usageError on a header without `=`
 */
import { fstatSync, readFileSync } from 'node:fs';
import { usageError } from '../errors.js';
import { jsonErrorAt } from './json-position.js';

export { jsonErrorPosition } from './json-position.js';

/** JSON.parse with a message that names where the text came from and the line and column that broke. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = jsonErrorAt(text);
    const at = pos ? ` at line ${pos.line}, column ${pos.column} (${pos.near})` : '';
    const reason = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
    throw usageError(`${where} is not valid JSON${at}: ${reason}`, 'check the quoting: in a shell, wrap JSON in single quotes');
  }
}

/** Whether something is piped or redirected into stdin (a terminal or /dev/null is not data). */
export function stdinHasData(): boolean {
  if (process.stdin.isTTY) return false;
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

export async function readStdin(what: string): Promise<string> {
  if (process.stdin.isTTY)
    throw usageError(
      `${what}: expected data on stdin, but stdin is a terminal`,
      `pipe it in (echo '{...}' | platform ...) or pass it as an argument`,
    );
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function readFileArg(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(`${what}: cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${code ?? (e as Error).message}`}`);
  }
}

/**
 * The text of a data argument: the argument itself, `@file`, `-` / `@-` for stdin, or (no argument)
 * whatever is piped into stdin. Undefined when there is nothing.
 */
export async function readDataArg(arg: string | undefined, what: string): Promise<string | undefined> {
  if (arg === '-' || arg === '@-') {
    const text = await readStdin(what);
    if (!text.trim()) throw usageError(`${what}: stdin was empty`, 'pipe the data in, or pass it as an argument');
    return text;
  }
  if (arg?.startsWith('@')) return readFileArg(arg.slice(1), what);
  if (arg !== undefined) return arg;
  if (stdinHasData()) {
    const text = await readStdin(what);
    return text.trim() ? text : undefined;
  }
  return undefined;
}

/** `-H k=v` headers (repeatable); the first `=` splits, so values may contain `=`. */
export function parseHeaders(specs: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0)
      throw usageError(`invalid header "${spec}": expected key=value`, 'e.g. -H event-type=payment.captured -H correlation-id=abc');
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

/** A positive whole number option, or a usage error naming the flag. */
export function intOption(
  value: string | undefined,
  flag: string,
  { min = 1, fallback }: { min?: number; fallback?: number } = {},
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usageError(`${flag} must be a whole number >= ${min}, got "${value}"`);
  return n;
}

/** `service=count` pairs of `platform scale` and the dashboard's scale buttons. */
export function parseScalePairs(pairs: string[]): [string, number][] {
  return pairs.map((pair) => {
    const m = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(pair);
    if (!m) throw usageError(`"${pair}" is not service=count`, 'e.g. `platform scale notifications=2`');
    return [m[1], Number(m[2])];
  });
}
