import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientTCP, MessagePattern, ServerTCP } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { instrumentTcpClients, instrumentTcpServer } from './nest-tcp.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const seen: unknown[] = [];

// Decorators applied as functions: this spec sits outside the package's tsconfig (no decorator syntax here).
class EchoController {
  say(data: unknown) {
    seen.push(data);
    return { echoed: data, traceId: trace.getActiveSpan()?.spanContext().traceId };
  }

  fail() {
    throw new Error('nope');
  }
}
for (const [method, pattern] of [
  ['say', 'echo.say'],
  ['fail', 'echo.fail'],
] as const) {
  MessagePattern(pattern)(EchoController.prototype, method, Object.getOwnPropertyDescriptor(EchoController.prototype, method)!);
}
Controller()(EchoController);
class EchoModule {}
Module({ controllers: [EchoController] })(EchoModule);

/** One NestJS TCP frame over a raw socket, as a peer without our instrumentation would send it. */
function rawRequest(port: number, packet: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      const json = JSON.stringify(packet);
      socket.write(`${json.length}#${json}`);
    });
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      const hash = buf.indexOf('#');
      if (hash < 0 || buf.length - hash - 1 < Number(buf.slice(0, hash))) return;
      socket.end();
      resolve(JSON.parse(buf.slice(hash + 1)));
    });
    socket.on('error', reject);
  });
}

describe('NestJS TCP trace propagation (a real NestJS TCP microservice)', () => {
  let app: INestMicroservice;
  let client: ClientTCP;
  let port: number;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    instrumentTcpClients();
    const server = new ServerTCP({ host: '127.0.0.1', port: 0 });
    app = await NestFactory.createMicroservice(EchoModule, { strategy: server, logger: false });
    await app.listen();
    port = (server.unwrap() as { address(): AddressInfo }).address().port;
    instrumentTcpServer(server, { service: 'echo', host: '127.0.0.1', port });
    client = new ClientTCP({ host: '127.0.0.1', port });
    await client.connect();
  });

  afterAll(async () => {
    client?.close();
    await app?.close();
    context.disable();
    trace.disable();
    propagation.disable();
  });

  it('continues the caller trace on the server: client and server spans, parent and child, payload untouched', async () => {
    exporter.reset();
    seen.length = 0;
    const root = provider.getTracer('test').startSpan('caller');
    const reply = await context.with(trace.setSpan(context.active(), root), () => firstValueFrom(client.send('echo.say', { a: 1 })));
    root.end();
    expect(reply).toEqual({ echoed: { a: 1 }, traceId: root.spanContext().traceId });
    expect(seen).toEqual([{ a: 1 }]);
    const spans = exporter.getFinishedSpans();
    const clientSpan = spans.find((s) => s.name === 'echo.say' && s.kind === 2)!;
    const serverSpan = spans.find((s) => s.name === 'echo.say' && s.kind === 1)!;
    expect(clientSpan.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(serverSpan.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(serverSpan.attributes).toMatchObject({
      'rpc.system': 'nestjs_tcp',
      'rpc.method': 'echo.say',
      'rpc.service': 'echo',
      'server.port': port,
    });
  });

  it('marks the client span of an error reply as an error', async () => {
    exporter.reset();
    await expect(firstValueFrom(client.send('echo.fail', {}))).rejects.toBeDefined();
    const clientSpan = exporter.getFinishedSpans().find((s) => s.name === 'echo.fail' && s.kind === 2)!;
    expect(clientSpan.status.code).toBe(2);
  });

  it('answers a plain peer that sends no metadata (a new trace starts) and one that sends a traceparent in metadata', async () => {
    exporter.reset();
    const plain = await rawRequest(port, { pattern: 'echo.say', data: { b: 2 }, id: 'r1' });
    expect(plain).toMatchObject({ id: 'r1', response: { echoed: { b: 2 } }, isDisposed: true });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced = await rawRequest(port, {
      pattern: 'echo.say',
      data: { c: 3 },
      id: 'r2',
      metadata: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(traced).toMatchObject({ response: { echoed: { c: 3 }, traceId } });
  });

  it('does not trace the platform health and describe probes', async () => {
    exporter.reset();
    await rawRequest(port, { pattern: 'platform.health', data: {}, id: 'h1' });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
