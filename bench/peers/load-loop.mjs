// What both TCP peers share: `repeat` requests with `concurrency` in flight, and the JSON summary
// (throughput and latency percentiles) the TCP benchmark reads from their stdout.
export async function runLoad(send, repeat, concurrency) {
  const latencies = new Array(repeat);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < repeat) {
      const i = next++;
      const t0 = performance.now();
      await send();
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repeat) }, worker));
  const elapsedMs = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
  return { requests: repeat, elapsedMs, throughput: (repeat / elapsedMs) * 1000, latencyMs: { p50: pct(50), p99: pct(99) } };
}
