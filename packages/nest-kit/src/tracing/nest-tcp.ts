import { ROOT_CONTEXT, SpanKind, context, propagation, trace, type Attributes, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { ClientTCP, type ServerTCP, type TcpContext } from '@nestjs/microservices';
import { markSpanError } from './trace-context.js';

/**
 * OpenTelemetry for NestJS TCP, which has no official instrumentation. The W3C trace context
 * travels in the packet's `metadata` (NestJS 12's out-of-band field, beside `pattern`, `data`
 * and `id`), never in `data`: a plain NestJS peer ignores it, and payload validation never sees it.
 * Spans follow the RPC semantic conventions (rpc.system, rpc.method, server.address/port).
 */
const tracer = trace.getTracer('@platform/nest-kit/nest-tcp');
const PATCHED = Symbol.for('platform.nest-tcp.traced');
export const RPC_SYSTEM = 'nestjs_tcp';

/** The stack's own probes (health, describe) every few seconds would drown the real traces. */
const isPlatformPattern = (pattern: string) => pattern.startsWith('platform.');

type Packet = { pattern: unknown; data: unknown; metadata?: Record<string, string> };
type Reply = { err?: unknown; response?: unknown; isDisposed?: boolean };
type TcpClientInternals = {
  host?: string;
  port?: number;
  publish(p: Packet, cb: (r: Reply) => void): () => void;
  dispatchEvent(p: Packet): Promise<unknown>;
};

const patternOf = (p: unknown) => (typeof p === 'string' ? p : JSON.stringify(p));

/** Client side, for every ClientTCP in the process: a CLIENT span per request or event, its context injected into the packet. */
export function instrumentTcpClients(): void {
  const proto = ClientTCP.prototype as unknown as TcpClientInternals & { [PATCHED]?: boolean };
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const publish = proto.publish;
  const dispatchEvent = proto.dispatchEvent;

  proto.publish = function (this: TcpClientInternals, packet, callback) {
    const span = startClientSpan(this, packet, 'request');
    if (!span) return publish.call(this, packet, callback);
    let ended = false;
    const end = () => {
      if (!ended) span.end();
      ended = true;
    };
    const cleanup = publish.call(this, packet, (reply) => {
      if (reply.err !== undefined) markSpanError(span, reply.err);
      if (reply.err !== undefined || reply.isDisposed) end();
      callback(reply);
    });
    return () => {
      // Unsubscribed before the reply (a timeout): the span still ends, marked as such.
      if (!ended) span.setStatus({ code: 2, message: 'no reply (cancelled or timed out)' });
      end();
      cleanup();
    };
  };

  proto.dispatchEvent = async function (this: TcpClientInternals, packet) {
    const span = startClientSpan(this, packet, 'event');
    try {
      return await dispatchEvent.call(this, packet);
    } catch (e) {
      markSpanError(span, e);
      throw e;
    } finally {
      span?.end();
    }
  };
}

function startClientSpan(client: TcpClientInternals, packet: Packet, messageKind: 'request' | 'event'): Span | undefined {
  const pattern = patternOf(packet.pattern);
  if (isPlatformPattern(pattern)) return undefined;
  const attributes: Attributes = {
    'rpc.system': RPC_SYSTEM,
    'rpc.method': pattern,
    'rpc.nestjs.message': messageKind,
    'network.transport': 'tcp',
    'server.address': client.host ?? 'localhost',
    'server.port': client.port ?? 3000,
  };
  const span = tracer.startSpan(pattern, { kind: SpanKind.CLIENT, attributes });
  const carrier: Record<string, string> = { ...(packet.metadata ?? {}) };
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  packet.metadata = carrier;
  return span;
}

/** Server side, through NestJS's processing hooks: a SERVER span per message, continuing the caller's trace. */
export function instrumentTcpServer(server: ServerTCP, address: { service: string; host: string; port: number }): void {
  const spans = new WeakMap<object, Span>();
  server.setOnProcessingStartHook((_transport, ctx, done) => {
    const tcp = ctx as TcpContext;
    const pattern = tcp.getPattern();
    if (isPlatformPattern(pattern)) return context.with(suppressTracing(ROOT_CONTEXT), done);
    const parent = propagation.extract(ROOT_CONTEXT, tcp.getMetadata?.() ?? {});
    const span = tracer.startSpan(
      pattern,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'rpc.system': RPC_SYSTEM,
          'rpc.method': pattern,
          'rpc.service': address.service,
          'network.transport': 'tcp',
          'server.address': address.host,
          'server.port': address.port,
        },
      },
      parent,
    );
    spans.set(tcp, span);
    return context.with(trace.setSpan(parent, span), done);
  });
  server.setOnProcessingEndHook((_transport, ctx) => {
    spans.get(ctx as object)?.end();
    spans.delete(ctx as object);
  });
}
