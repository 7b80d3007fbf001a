/** `500ms`, `10s`, `1m` or a number of seconds, as milliseconds. The schema has already checked the form. */
export function toMs(d: number | string | undefined, fallbackMs: number): number {
  if (d === undefined) return fallbackMs;
  if (typeof d === 'number') return d * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(d.trim());
  if (!m) throw new Error(`not a duration: ${d}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
