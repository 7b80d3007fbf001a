// Peer for the TCP benchmark: a raw `net` client sending `repeat` requests with `concurrency` in
// flight over one connection (ids matched like NestJS's ClientTCP); prints a JSON summary.
// usage: node tcp-echo-client.mjs <port> <pattern> <data-json> <repeat> <concurrency>
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';

const [port, pattern, dataJson, repeat, concurrency] = [Number(process.argv[2]), process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6])];
const data = JSON.parse(dataJson);
const pending = new Map();
const latencies = new Array(repeat);
let buffer = '';

const socket = connect({ host: '127.0.0.1', port });
socket.setEncoding('utf8');
socket.setNoDelay(true);
await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
socket.on('data', (chunk) => {
  buffer += chunk;
  for (;;) {
    const hash = buffer.indexOf('#');
    if (hash === -1) return;
    const len = Number(buffer.slice(0, hash));
    if (buffer.length < hash + 1 + len) return;
    const msg = JSON.parse(buffer.slice(hash + 1, hash + 1 + len));
    buffer = buffer.slice(hash + 1 + len);
    const done = pending.get(msg.id);
    pending.delete(msg.id);
    done?.(msg);
  }
});

const send = () =>
  new Promise((resolve) => {
    const id = randomUUID();
    pending.set(id, resolve);
    const json = JSON.stringify({ pattern, data, id });
    socket.write(`${json.length}#${json}`);
  });

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
socket.end();
const sorted = latencies.sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
process.stdout.write(JSON.stringify({ requests: repeat, elapsedMs, throughput: (repeat / elapsedMs) * 1000, latencyMs: { p50: pct(50), p99: pct(99) } }) + '\n');
