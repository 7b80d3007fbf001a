import { colors } from '../ui/colors.js';

/** Text helpers of step summaries, views and diffs. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max - 3) + '...' : s);

/** One line of JSON (or the text), cut at max characters. */
export function compact(v: unknown, max = 100): string {
  return v === undefined ? '' : cut(typeof v === 'string' ? v : JSON.stringify(v), max);
}

/** Indented JSON (or the text), cut at maxLines. */
export function pretty(v: unknown, maxLines = 16): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const lines = (typeof v === 'string' ? v : JSON.stringify(v, null, 2)).split('\n');
  return lines.slice(0, maxLines).join('\n') + (lines.length > maxLines ? colors.dim(`\n... ${lines.length - maxLines} more lines`) : '');
}

export function indent(s: string): string {
  return s
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Shell-quotes a word for the commands the presenter shows. */
export const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
export const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
/** One line of JSON, strings quoted, `nothing` for undefined: how views describe what is expected. */
export const described = (v: unknown, max = 100) => cut(JSON.stringify(v) ?? 'nothing', max);

export const serviceTarget = (t: { service: string; instance?: number }) => (t.instance ? `${t.service}#${t.instance}` : t.service);
export const serviceRef = (r: string | { service: string; instance?: number }) => (typeof r === 'string' ? r : serviceTarget(r));
