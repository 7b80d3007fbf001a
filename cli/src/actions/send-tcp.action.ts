import { failedError, PlatformError, usageError } from '../errors.js';
import { intOption, parseJson, readDataArg } from '../input/arguments.js';
import { resolveServiceAddress, type ServiceAddress } from '../transports/tcp/address.js';
import { RemoteError, targetLabel, TcpClient, TimeoutError } from '../transports/tcp/client.js';
import { describeFromSource } from '../source/describe-source.js';
import { describeService, displayPattern, findPattern, type ServiceDescription } from '../transports/tcp/describe.js';
import { loadTest, parsePattern, type LoadSummary } from '../transports/tcp/send.js';
import { colors } from '../ui/colors.js';
import { printJson, progress } from '../ui/output.js';
import { patternsAction } from './patterns.action.js';
import { CliSpan } from '../telemetry/cli-trace.js';
import { showSettledTrace } from './trace.action.js';
import { projectPaths } from '../stack/project.js';
import { requestStep, saveRequest } from '../demo/saved-requests.js';
import type { TcpRequest } from '../demo/types.js';
import { saved } from './send-saved.action.js';

interface Opts {
  event?: boolean;
  timeout?: string;
  repeat?: string;
  concurrency?: string;
  list?: boolean;
  example?: boolean;
  trace?: boolean;
  json?: boolean;
  save?: string;
}

export async function sendTcpAction(
  target: string,
  patternText: string | undefined,
  dataText: string | undefined,
  opts: Opts,
): Promise<void> {
  if (opts.list) return patternsAction(target, undefined, { json: opts.json, timeout: opts.timeout });
  if (patternText === undefined) throw usageError('missing <pattern>', `list what ${target} handles with \`platform patterns ${target}\``);
  const pattern = parsePattern(patternText);
  if (opts.example) return patternsAction(target, patternText, { example: true, json: opts.json, timeout: opts.timeout });
  const timeoutMs = intOption(opts.timeout, '--timeout')!;
  const repeat = intOption(opts.repeat, '--repeat');
  const concurrency = intOption(opts.concurrency, '--concurrency', { fallback: 10 })!;
  if (opts.trace && repeat)
    throw usageError('--trace follows one message: drop --repeat', 'platform send tcp <service> <pattern> [data] --trace');
  const text = await readDataArg(dataText, 'data');
  const data = text === undefined ? {} : parseJson(text, dataText?.startsWith('@') && dataText !== '@-' ? dataText.slice(1) : 'data');
  if (opts.save) {
    if (opts.event || repeat)
      throw usageError('--save keeps one request: drop --event/--repeat (a saved step is a request with its reply)');
    saved(
      saveRequest(
        projectPaths().root,
        opts.save,
        requestStep({ tcp: { service: target, pattern: pattern as TcpRequest['pattern'], data } }),
      ),
    );
  }

  const addr = await resolveServiceAddress(target);
  const client = new TcpClient(addr, { timeout: timeoutMs });
  try {
    await client.connect();
    // Nest drops events nobody handles without a word: check against describe first when it can.
    if (opts.event) await checkEventHandled(client, addr, pattern, timeoutMs);
    if (repeat) return printSummary(await runLoad(client, pattern, data, repeat, concurrency, opts, timeoutMs), opts);
    const span = opts.trace ? tcpSpan(addr, pattern, opts.event) : undefined;
    const metadata = span ? { traceparent: span.traceparent } : undefined;
    if (opts.event) {
      await client.emit(pattern, data, metadata);
      if (opts.json && !span) printJson({ sent: true, event: pattern });
      else process.stderr.write(colors.dim(`event ${displayPattern(pattern)} sent to ${targetLabel(addr)}\n`));
      if (span) await showSettledTrace(span, opts);
      return;
    }
    const reply = await client.send(pattern, data, timeoutMs, metadata).catch((e) => {
      span?.end(e);
      throw e;
    });
    if (!span) return printJson(reply === undefined ? null : reply);
    span.end();
    if (!opts.json) printJson(reply === undefined ? null : reply);
    await showSettledTrace(span, opts, { reply: reply ?? null });
  } catch (e) {
    throw await explain(e, client, addr, pattern, opts);
  } finally {
    client.close();
  }
}

function tcpSpan(addr: ServiceAddress, pattern: unknown, event?: boolean): CliSpan {
  const method = displayPattern(pattern);
  return new CliSpan(method, 'client', {
    'rpc.system': 'nestjs_tcp',
    'rpc.method': method,
    'rpc.nestjs.message': event ? 'event' : 'request',
    'server.address': addr.host,
    'server.port': addr.port,
    ...(addr.service ? { 'rpc.service': addr.service } : {}),
  });
}

async function runLoad(
  client: TcpClient,
  pattern: unknown,
  data: unknown,
  repeat: number,
  concurrency: number,
  opts: Opts,
  timeoutMs: number,
) {
  const bar = progress(!opts.json);
  bar.step(`${opts.event ? 'emitting' : 'sending'} ${repeat} × ${displayPattern(pattern)}`);
  const summary = await loadTest(client, pattern, data, {
    repeat,
    concurrency,
    event: opts.event,
    timeoutMs,
    onProgress: (done) => bar.update(`${opts.event ? 'emitting' : 'sending'} ${done}/${repeat} × ${displayPattern(pattern)}`),
  });
  bar.done();
  return summary;
}

function printSummary(s: LoadSummary, opts: Opts) {
  if (opts.json) printJson(s);
  else {
    const l = s.latencyMs;
    process.stdout.write(
      `${s.requests} requests in ${(s.elapsedMs / 1000).toFixed(2)} s: ${colors.bold(String(s.throughput))} req/s, concurrency ${s.concurrency}, ` +
        `${s.errors ? colors.red(`${s.errors} errors`) : '0 errors'}\n` +
        `latency ms  min ${l.min}  mean ${l.mean}  p50 ${l.p50}  p90 ${l.p90}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}\n`,
    );
  }
  if (s.errors) throw failedError(`${s.errors} of ${s.requests} requests failed; first: ${s.firstError}`);
}

async function checkEventHandled(client: TcpClient, addr: ServiceAddress, pattern: unknown, timeoutMs: number) {
  const description = await knownPatterns(client, addr, timeoutMs);
  if (!description) return; // patterns unknown: send it blind, as Nest's own client would
  const found = findPattern(description, pattern);
  if (!found) throw notHandled(addr, pattern, description, 'event');
}

/** What the service answers to describe, else what its source declares; undefined when neither can tell. */
async function knownPatterns(client: TcpClient, addr: ServiceAddress, timeoutMs?: number): Promise<ServiceDescription | undefined> {
  try {
    return await describeService(client, timeoutMs);
  } catch {
    if (!addr.service) return undefined;
    try {
      return await describeFromSource(addr.service, true);
    } catch {
      return undefined;
    }
  }
}

function notHandled(addr: ServiceAddress, pattern: unknown, description: ServiceDescription | undefined, kind: string) {
  const handled = description?.patterns.filter((p) => p.kind === kind).map((p) => displayPattern(p.pattern)) ?? [];
  const target = addr.service ?? `${addr.host}:${addr.port}`;
  return usageError(
    `${targetLabel(addr)} has no ${kind} handler for pattern ${displayPattern(pattern)}`,
    !description
      ? `its patterns are unknown: it does not answer \`platform.describe\`${addr.service ? ' and its source could not be read' : ''} (by name, \`platform patterns <service> --static\` reads them from source)`
      : handled.length
        ? `${kind} patterns it handles: ${handled.join(', ')}`
        : `it declares no ${kind} patterns (see \`platform patterns ${target}\`)`,
  );
}

async function explain(e: unknown, client: TcpClient, addr: ServiceAddress, pattern: unknown, opts: Opts): Promise<unknown> {
  if (e instanceof TimeoutError)
    return failedError(e.message, 'raise --timeout, or check the service with `platform logs ' + (addr.service ?? '') + '`');
  if (e instanceof RemoteError) {
    if (/no matching message handler/i.test(e.message)) {
      return notHandled(addr, pattern, await knownPatterns(client, addr), 'message');
    }
    if (opts.json) printJson({ error: e.body });
    return remoteError(e.body);
  }
  return e;
}

/** A service's error reply: a payload it rejects as invalid is bad input (exit 2), anything else exit 1. */
export function remoteError(body: unknown): PlatformError {
  const invalid = (body as { code?: string } | undefined)?.code === 'VALIDATION';
  return invalid
    ? usageError(formatRemoteError(body), 'see the payload schema with `platform patterns <service> <pattern> --example`')
    : failedError(formatRemoteError(body));
}

/** `CODE: message` plus per-field messages of a validation error. */
export function formatRemoteError(body: unknown): string {
  if (!body || typeof body !== 'object') return `error reply: ${JSON.stringify(body)}`;
  const b = body as { code?: string; message?: unknown; fields?: Record<string, string[]>; status?: string };
  const head = `${b.code ?? b.status ?? 'error'}: ${typeof b.message === 'string' ? b.message : JSON.stringify(b.message ?? body)}`;
  const fields = b.fields
    ? Object.entries(b.fields)
        .map(([k, v]) => `\n  ${k}: ${[v].flat().join('; ')}`)
        .join('')
    : '';
  return head + fields;
}
