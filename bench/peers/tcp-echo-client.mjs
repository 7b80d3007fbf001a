// Peer for the TCP benchmark: a raw `net` client sending `repeat` requests with `concurrency` in
// flight over one connection (ids matched like NestJS's ClientTCP); prints a JSON summary.
// usage: node tcp-echo-client.mjs <port> <pattern> <data-json> <repeat> <concurrency>
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { runLoad } from './load-loop.mjs';

const [port, pattern, dataJson, repeat, concurrency] = [
  Number(process.argv[2]),
  process.argv[3],
  process.argv[4],
  Number(process.argv[5]),
  Number(process.argv[6]),
];
const data = JSON.parse(dataJson);
const pending = new Map();
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

const summary = await runLoad(send, repeat, concurrency);
socket.end();
process.stdout.write(JSON.stringify(summary) + '\n');
