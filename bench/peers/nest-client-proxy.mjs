// Peer for the TCP benchmark (issue 4's): NestJS's own ClientProxy (ClientTCP) in a loop, `repeat`
// requests with `concurrency` in flight, against the same server as ours; prints a JSON summary.
// usage: node nest-client-proxy.mjs <port> <pattern> <data-json> <repeat> <concurrency>
import 'reflect-metadata';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { runLoad } from './load-loop.mjs';

const [port, pattern, dataJson, repeat, concurrency] = [
  Number(process.argv[2]),
  process.argv[3],
  process.argv[4],
  Number(process.argv[5]),
  Number(process.argv[6]),
];
const data = JSON.parse(dataJson);
const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
await client.connect();
const summary = await runLoad(() => lastValueFrom(client.send(pattern, data)), repeat, concurrency);
await client.close();
process.stdout.write(JSON.stringify(summary) + '\n');
