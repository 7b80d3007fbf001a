import type { IncomingMessage } from 'node:http';

/** A request body past its limit: the connection is dropped and the caller answers 413 (or its own error). */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/** The whole body of a request, refused once it grows past `maxBytes` (the loopback servers' one reader). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.destroy();
        reject(new BodyTooLargeError(maxBytes));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
