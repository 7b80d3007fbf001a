import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * The last `n` lines of a file, read backwards in chunks: a service log grows to PLATFORM_LOG_MAX_MB
 * (64 MB) before it rotates, and `--tail 20` should not read all of it. Cuts fall on newline
 * bytes, which never occur inside a UTF-8 character.
 */
export function readLastLines(file: string, n: number, chunkSize = 64 * 1024): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const total = statSync(file).size;
    let pos = total;
    // Stop at the newline that ends the line before the last n: the n+1st from the end when the
    // file ends with one, the nth when its last line is unterminated.
    let newlines = 0;
    while (pos > 0) {
      const size = Math.min(chunkSize, pos);
      const atEnd = pos === total;
      pos -= size;
      const chunk = Buffer.alloc(size);
      readSync(fd, chunk, 0, size, pos);
      chunks.unshift(chunk);
      if (atEnd && chunk[size - 1] !== 0x0a) newlines = 1;
      for (let i = size - 1; i >= 0; i--) if (chunk[i] === 0x0a && ++newlines > n) return cutAfter(Buffer.concat(chunks), i);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const cutAfter = (buf: Buffer, index: number) => buf.subarray(index + 1).toString('utf8');
