// Peer for the TCP benchmark (issue 4's): NestJS's own ClientProxy (ClientTCP) in a loop, `repeat`
// requests with `concurrency` in flight, against the same server as ours; prints a JSON summary.
// usage: node nest-client-proxy.mjs <port> <pattern> <data-json> <repeat> <concurrency>
import 'reflect-metadata';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

const [port, pattern, dataJson, repeat, concurrency] = [Number(process.argv[2]), process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6])];
const data = JSON.parse(dataJson);
const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
await client.connect();
const latencies = new Array(repeat);
let next = 0;
const started = performance.now();
const worker = async () => {
  while (next < repeat) {
    const i = next++;
    const t0 = performance.now();
    await lastValueFrom(client.send(pattern, data));
    latencies[i] = performance.now() - t0;
  }
};
await Promise.all(Array.from({ length: Math.min(concurrency, repeat) }, worker));
const elapsedMs = performance.now() - started;
await client.close();
const sorted = latencies.sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
process.stdout.write(JSON.stringify({ requests: repeat, elapsedMs, throughput: (repeat / elapsedMs) * 1000, latencyMs: { p50: pct(50), p99: pct(99) } }) + '\n');
