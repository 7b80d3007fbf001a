/**
 * The one place a NestJS TCP connection is made, and a failed one becomes the exit-3 error.
 *
 *   new TcpClient(target, { timeout?, unreachableHint? })   one multiplexed connection
 *   requestOnce(host, port, pattern, data?, timeout?)       one request on a fresh connection
 *   roundTrip(host, port)                                   health of a service without platform.health
 */
import { connect, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ExitCode, PlatformError } from '../../errors.js';
import { encodeFrame, FrameDecoder, normalizePattern } from './framing.js';

/** Milliseconds to connect and to wait for a reply: probe for health checks, glance for the dashboard, cli for a command. */
export const TCP_PROFILES = { probe: 1500, glance: 2000, cli: 5000 } as const;

export type TcpTimeout = keyof typeof TCP_PROFILES | number;

/** Where to connect; `service` names it in messages. */
export interface TcpTarget {
  host: string;
  port: number;
  service?: string;
}

export const targetLabel = (t: TcpTarget) => (t.service ? `${t.service} (${t.host}:${t.port})` : `${t.host}:${t.port}`);

const toMs = (t: TcpTimeout) => (typeof t === 'number' ? t : TCP_PROFILES[t]);

/** A reply that carried `err`: the remote handler failed (RpcException body or message). */
export class RemoteError extends Error {
  constructor(readonly body: unknown) {
    super(typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : JSON.stringify(body));
  }
}

/** No connection: exit 3 with the command that fixes it. */
export class ConnectError extends PlatformError {
  constructor(
    readonly target: TcpTarget,
    readonly cause: Error,
    hint = 'start the stack with `platform up` (and check `platform status`)',
  ) {
    super(`cannot reach ${targetLabel(target)}: ${(cause as NodeJS.ErrnoException).code ?? cause.message}`, ExitCode.unreachable, hint);
  }
}

export class TimeoutError extends Error {}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  last?: unknown;
}

/**
 * A client for NestJS TCP microservices that keeps one connection open and multiplexes requests
 * by id, like Nest's own ClientTCP, so `--repeat` measures the service and not connection setup.
 */
export class TcpClient {
  private socket?: Socket;
  private connecting?: Promise<Socket>;
  private readonly pending = new Map<string, Pending>();
  private readonly decoder = new FrameDecoder();

  private readonly timeoutMs: number;

  constructor(
    readonly target: TcpTarget,
    private readonly opts: { timeout?: TcpTimeout; unreachableHint?: string } = {},
  ) {
    this.timeoutMs = toMs(opts.timeout ?? 'cli');
  }

  get address() {
    return `${this.target.host}:${this.target.port}`;
  }

  async connect(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: this.target.host, port: this.target.port });
      socket.setEncoding('utf8');
      socket.setNoDelay(true);
      const fail = (e: Error) => {
        this.connecting = undefined;
        reject(new ConnectError(this.target, e, this.opts.unreachableHint));
      };
      socket.once('error', fail);
      socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error('ETIMEDOUT')));
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        socket.on('error', (e) => this.failAll(e));
        socket.on('close', () => this.failAll(new Error(`connection to ${this.address} closed`)));
        socket.on('data', (chunk: string) => this.onData(chunk));
        this.socket = socket;
        this.connecting = undefined;
        resolve(socket);
      });
    });
    return this.connecting;
  }

  /** Request/reply (`ClientProxy.send`): resolves with the last response before `isDisposed`. */
  async send(pattern: unknown, data: unknown, timeoutMs = this.timeoutMs, metadata?: Record<string, string>): Promise<unknown> {
    const socket = await this.connect();
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TimeoutError(`no reply from ${this.address} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.write(encodeFrame({ pattern: normalizePattern(pattern), data, id, ...(metadata ? { metadata } : {}) }));
    });
  }

  /** Fire-and-forget event (`ClientProxy.emit`): no id, no reply. Resolves once written. */
  async emit(pattern: unknown, data: unknown, metadata?: Record<string, string>): Promise<void> {
    const socket = await this.connect();
    const frame = encodeFrame({ pattern: normalizePattern(pattern), data, ...(metadata ? { metadata } : {}) });
    await new Promise<void>((resolve, reject) => socket.write(frame, (e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    this.socket?.end();
    this.socket?.destroy();
    this.socket = undefined;
  }

  private onData(chunk: string) {
    let messages: unknown[];
    try {
      messages = this.decoder.push(chunk);
    } catch (e) {
      this.socket?.destroy(e as Error);
      return;
    }
    for (const m of messages as { id?: string; response?: unknown; err?: unknown; isDisposed?: boolean }[]) {
      const p = m.id ? this.pending.get(m.id) : undefined;
      if (!p) continue;
      if (m.err !== undefined && m.err !== null) {
        this.settle(m.id!, p);
        p.reject(new RemoteError(m.err));
      } else if (m.isDisposed) {
        this.settle(m.id!, p);
        p.resolve('response' in m ? m.response : p.last);
      } else {
        p.last = m.response;
      }
    }
  }

  private settle(id: string, p: Pending) {
    clearTimeout(p.timer);
    this.pending.delete(id);
  }

  private failAll(e: Error) {
    for (const [id, p] of this.pending) {
      this.settle(id, p);
      p.reject(e);
    }
    this.socket = undefined;
  }
}

/** One request on a fresh connection: what health checks and one-off CLI calls need. */
export async function requestOnce(
  host: string,
  port: number,
  pattern: unknown,
  data: unknown = {},
  timeout: TcpTimeout = 'cli',
): Promise<unknown> {
  const client = new TcpClient({ host, port }, { timeout });
  try {
    return await client.send(pattern, data, toMs(timeout));
  } finally {
    client.close();
  }
}

/** The pattern a plain NestJS service never handles: its "no matching handler" error still proves it reads and answers. */
export const ROUND_TRIP_PATTERN = 'platform.round-trip';

/** Health of a service without platform.health: it accepts a connection and answers a request (any reply, even an error). */
export async function roundTrip(host: string, port: number, timeout: TcpTimeout = 'probe'): Promise<void> {
  try {
    await requestOnce(host, port, ROUND_TRIP_PATTERN, {}, timeout);
  } catch (e) {
    if (!(e instanceof RemoteError)) throw e;
  }
}
