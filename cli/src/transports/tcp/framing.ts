/**
 * NestJS TCP framing: `<length>#<json>`, where length counts UTF-16 code units of the JSON text
 * (JavaScript string length), not bytes. Object patterns travel as JSON with sorted keys.
 */
export function encodeFrame(message: unknown): string {
  const json = JSON.stringify(message);
  return `${json.length}#${json}`;
}

/** The wire form of a pattern: strings as they are, objects as JSON with keys sorted recursively. */
export function normalizePattern(pattern: unknown): string {
  if (typeof pattern === 'string') return pattern;
  return JSON.stringify(sortKeys(pattern));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export class FrameError extends Error {}

/** Accumulates socket data and yields complete JSON messages; bounded so a bad peer can't grow memory. */
export class FrameDecoder {
  private buffer = '';
  private expected: number | undefined;

  constructor(private readonly maxFrame = 64 * 1024 * 1024) {}

  push(chunk: string): unknown[] {
    this.buffer += chunk;
    const out: unknown[] = [];
    for (;;) {
      if (this.expected === undefined) {
        const hash = this.buffer.indexOf('#');
        if (hash === -1) {
          if (this.buffer.length > 20) throw new FrameError('corrupted frame: no length prefix');
          return out;
        }
        const len = Number(this.buffer.slice(0, hash));
        if (!Number.isInteger(len) || len < 0) throw new FrameError(`corrupted frame: bad length "${this.buffer.slice(0, hash)}"`);
        if (len > this.maxFrame) throw new FrameError(`frame of ${len} characters exceeds the ${this.maxFrame} limit`);
        this.expected = len;
        this.buffer = this.buffer.slice(hash + 1);
      }
      if (this.buffer.length < this.expected) return out;
      const json = this.buffer.slice(0, this.expected);
      this.buffer = this.buffer.slice(this.expected);
      this.expected = undefined;
      try {
        out.push(JSON.parse(json));
      } catch {
        throw new FrameError('corrupted frame: body is not JSON');
      }
    }
  }
}
