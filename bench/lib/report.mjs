import { median, percentile, round } from './stats.mjs';

/**
 * One result row: one case of one benchmark, ours against its peer, both measured in this run.
 * `better` says which way is good; `ratio` is always ours / peer on the row's metric, so a time
 * ratio of 1.3 means 30% slower and a throughput ratio of 0.8 means 80% of the peer's rate.
 */
export function makeRow({ benchmark, caseName, metric, unit, better, ours, peer, goals = [], notes }) {
  const oursMedian = median(ours.samples);
  const peerMedian = median(peer.samples);
  const ratio = oursMedian / peerMedian;
  const checks = goals.map((g) => {
    const value = g.value ?? ratio;
    return { text: g.text, value: round(value, 3), met: Number.isFinite(value) ? g.test(value) : null };
  });
  return {
    benchmark,
    case: caseName,
    metric,
    unit,
    better,
    ours: { label: ours.label, samples: ours.samples.map((s) => round(s, 3)), median: round(oursMedian, 3), ...(ours.extra ?? {}) },
    peer: { label: peer.label, samples: peer.samples.map((s) => round(s, 3)), median: round(peerMedian, 3), ...(peer.extra ?? {}) },
    ratio: round(ratio, 3),
    goals: checks,
    met: checks.length ? checks.every((c) => c.met === true) : null,
    ...(notes ? { notes } : {}),
  };
}

/** Latency percentiles of one side: the median over runs of each run's p50 and p99. */
export function latencyExtra(runs) {
  const p50 = runs.map((r) => r.p50).filter(Number.isFinite);
  const p99 = runs.map((r) => r.p99).filter(Number.isFinite);
  return p50.length ? { p50Ms: round(median(p50), 3), p99Ms: round(median(p99), 3) } : {};
}

/** p50/p99 of a list of latencies in ms. */
export function latencies(ms) {
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const fmt = (v, unit) => {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
};

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

function sideText(side, unit) {
  const lat = side.p50Ms !== undefined ? ` (p50 ${fmt(side.p50Ms, 'ms')}, p99 ${fmt(side.p99Ms, 'ms')})` : '';
  return `${fmt(side.median, unit)}${lat}`;
}

export function renderMarkdown(results) {
  const m = results.meta;
  const lines = [
    '# Benchmarks against peers',
    '',
    `Run ${m.startedAt} on ${m.host.cpus} x ${m.host.cpuModel}, ${m.host.memGiB} GiB, Node ${m.node}, commit ${m.commit ?? 'unknown'}${m.dirty ? ' with uncommitted changes' : ''}${m.quick ? ' (quick mode: tiny sizes, not a measurement)' : ''}.`,
    "Ours and the peer ran alternately in the same run (ours, peer, ours, peer, ...) after an untimed warm-up of each (for the payment flow and tracing: runs until the rate stopped rising, listed in the notes); values are medians over the timed runs (n per side). Ratio = ours / peer on the row's metric.",
    `Stack: ${m.stack.mode}, PLATFORM_PORT_OFFSET=${m.stack.portOffset}, project ${m.stack.project}.`,
    ...(m.carriedOver ? [`Not run this time, rows kept from the previous results: ${m.carriedOver.join('; ')}.`] : []),
    '',
    '| benchmark | case | ours | peer | n | ours (median) | peer (median) | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results.rows) {
    const goal = r.goals.map((g) => (g.value !== r.ratio ? `${g.text} (${g.value})` : g.text)).join('; ') || 'report';
    const met = r.met === null ? '-' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${cell(r.benchmark)} | ${cell(r.case)} | \`${cell(r.ours.label)}\` | \`${cell(r.peer.label)}\` | ${r.ours.samples.length} | ${sideText(r.ours, r.unit)} | ${sideText(r.peer, r.unit)} | ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) + 'x' : 'n/a'} | ${cell(goal)} | ${met} |`,
    );
  }
  if (results.skipped.length) {
    lines.push('', 'Skipped:', '');
    for (const s of results.skipped) lines.push(`- ${s.benchmark}: ${s.reason}`);
  }
  if (results.errors.length) {
    lines.push('', 'Failed:', '');
    for (const e of results.errors) lines.push(`- ${e.benchmark}: ${cell(e.error)}`);
  }
  const notes = results.rows.filter((r) => r.notes);
  if (notes.length) {
    lines.push('', 'Notes:', '');
    for (const r of notes) lines.push(`- ${r.benchmark} ${r.case}: ${r.notes}`);
  }
  return lines.join('\n') + '\n';
}
