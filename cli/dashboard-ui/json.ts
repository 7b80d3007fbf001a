import { jsonErrorAt } from '../src/input/json-position.js';

export type Checked = { ok: true; value: unknown } | { ok: false; error: string };

/** Form JSON: parsed, or refused with the line and column where it goes wrong. */
export function checkJson(text: string, what: string, opts: { emptyAs?: unknown } = {}): Checked {
  if (!text.trim() && 'emptyAs' in opts) return { ok: true, value: opts.emptyAs };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const at = jsonErrorAt(text);
    const reason = String((e as Error).message)
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    return { ok: false, error: `${what} is not valid JSON${at ? ` at line ${at.line}, column ${at.column} (${at.near})` : ''}: ${reason}` };
  }
}

export const pretty = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** A value for a textarea: JSON text pretty-printed, anything else as it is. */
export function prettyText(text: string | null): string {
  if (text === null) return '';
  const c = text.trimStart()[0];
  if (c === '{' || c === '[') {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* not JSON */
    }
  }
  return text;
}
