/** Order statistics over samples. Percentiles use the nearest-rank method (no interpolation). */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values) {
  return { n: values.length, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Runs ours and the peer alternately (ours, peer, ours, peer, ...) after one untimed warm-up of
 * each, so drift in machine load falls on both sides alike.
 */
export async function alternate({ runs, warmup = 1, ours, peer, onSample }) {
  for (let i = 0; i < warmup; i++) {
    await ours(-1);
    await peer(-1);
  }
  const out = { ours: [], peer: [] };
  for (let i = 0; i < runs; i++) {
    out.ours.push(await ours(i));
    onSample?.('ours', i, out.ours.at(-1));
    out.peer.push(await peer(i));
    onSample?.('peer', i, out.peer.at(-1));
  }
  return out;
}

/**
 * Untimed runs until the rate stops rising: a fresh process (a JVM, or Node services just
 * restarted) compiles its hot paths under load for a minute or more, and a fixed warm-up either
 * wastes time or times a process still getting faster. Stops once `patience` runs in a row came
 * within `tolerance` of the best before them (one such run can be noise: 81, 114, 129, 132 was
 * followed by 160), or after `maxRuns`. Returns the warm-up rates, for the report.
 */
export async function warmUntilSteady(run, { minRuns = 3, maxRuns = 10, tolerance = 0.05, patience = 2 } = {}) {
  const rates = [];
  let flat = 0;
  for (let i = 0; i < maxRuns; i++) {
    const rate = await run(i);
    flat = rates.length && rate <= Math.max(...rates) * (1 + tolerance) ? flat + 1 : 0;
    rates.push(rate);
    if (rates.length >= minRuns && flat >= patience) break;
  }
  return rates;
}

export const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
