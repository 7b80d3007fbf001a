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

/** JSON.parse with a message that names where the text came from and the line and column that broke. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = jsonErrorPosition(text);
    let at = '';
    if (pos !== undefined) {
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      const near = pos >= text.length ? 'end of input' : `near ${JSON.stringify(text.slice(pos, pos + 12))}`;
      at = ` at line ${line}, column ${column} (${near})`;
    }
    const reason = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
    throw usageError(`${where} is not valid JSON${at}: ${reason}`, 'check the quoting: in a shell, wrap JSON in single quotes');
  }
}

/**
 * Where JSON text first goes wrong. V8 on Node 20 names a position for some errors only
 * ("Unexpected token 'a', ... is not valid JSON" has none), so a small scanner finds it.
 */
export function jsonErrorPosition(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (/[0-9a-fA-F]/.test(text[i + k] ?? '')) continue;
            i += k;
            fail();
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? 'x') && i < text.length) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (pos) {
    return typeof pos === 'number' ? Math.min(pos, text.length) : undefined;
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
  if (process.stdin.isTTY) throw usageError(`${what}: expected data on stdin, but stdin is a terminal`, `pipe it in (echo '{...}' | platform ...) or pass it as an argument`);
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
    if (eq <= 0) throw usageError(`invalid header "${spec}": expected key=value`, 'e.g. -H event-type=payment.captured -H correlation-id=abc');
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

/** A positive whole number option, or a usage error naming the flag. */
export function intOption(value: string | undefined, flag: string, { min = 1, fallback }: { min?: number; fallback?: number } = {}): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usageError(`${flag} must be a whole number >= ${min}, got "${value}"`);
  return n;
}
