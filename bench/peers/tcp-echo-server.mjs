// Peer for the TCP benchmark: a raw `net` server speaking the same length-prefixed JSON frames as
// NestJS (`<length>#<json>`), answering every request with a fixed reply body.
// usage: node tcp-echo-server.mjs <port> <reply-json>   (prints "listening" when ready)
import { createServer } from 'node:net';

const [port, replyJson] = [Number(process.argv[2]), process.argv[3] ?? 'null'];
const response = JSON.parse(replyJson);

const server = createServer((socket) => {
  socket.setEncoding('utf8');
  socket.setNoDelay(true);
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk;
    let out = '';
    for (;;) {
      const hash = buffer.indexOf('#');
      if (hash === -1) break;
      const len = Number(buffer.slice(0, hash));
      if (buffer.length < hash + 1 + len) break;
      const msg = JSON.parse(buffer.slice(hash + 1, hash + 1 + len));
      buffer = buffer.slice(hash + 1 + len);
      const json = JSON.stringify({ id: msg.id, response, isDisposed: true });
      out += `${json.length}#${json}`;
    }
    if (out) socket.write(out);
  });
  socket.on('error', () => {});
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => process.exit(0));
