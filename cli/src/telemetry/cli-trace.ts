import { randomBytes } from 'node:crypto';
import { unreachableError } from '../errors.js';
import { receiverEndpoint } from './receiver.js';
import { waitForTrace } from './query.js';
import type { AttributeValue, SpanKindName, SpanRecord } from './span.js';

/** The service name the CLI's own spans carry. */
export const CLI_SERVICE = 'platform-cli';

/** A span the CLI starts itself (`send ... --trace`): the root of the trace it sends into the stack. */
export class CliSpan {
  readonly traceId = randomBytes(16).toString('hex');
  readonly spanId = randomBytes(8).toString('hex');
  private readonly startNs = BigInt(Date.now()) * 1_000_000n;
  private endNs?: bigint;
  private error?: string;

  constructor(
    readonly name: string,
    readonly kind: SpanKindName,
    readonly attributes: Record<string, AttributeValue>,
  ) {}

  /** W3C trace context: what goes into the TCP packet's metadata or the Kafka headers. */
  get traceparent(): string {
    return `00-${this.traceId}-${this.spanId}-01`;
  }

  end(error?: unknown): void {
    this.endNs ??= BigInt(Date.now()) * 1_000_000n;
    if (error !== undefined) this.error = error instanceof Error ? error.message : String(error);
  }

  /** The span as OTLP/JSON, posted to the stack's receiver like any other OTLP process would. */
  async export(endpoint = receiverEndpoint()): Promise<void> {
    this.end();
    const value = (v: AttributeValue) =>
      typeof v === 'number'
        ? Number.isInteger(v)
          ? { intValue: v }
          : { doubleValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : { stringValue: String(v) };
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: CLI_SERVICE } }] },
          scopeSpans: [
            {
              scope: { name: 'platform-cli' },
              spans: [
                {
                  traceId: this.traceId,
                  spanId: this.spanId,
                  name: this.name,
                  kind: ['internal', 'server', 'client', 'producer', 'consumer'].indexOf(this.kind) + 1,
                  startTimeUnixNano: String(this.startNs),
                  endTimeUnixNano: String(this.endNs),
                  attributes: Object.entries(this.attributes).map(([key, v]) => ({ key, value: value(v) })),
                  status: this.error ? { code: 2, message: this.error } : { code: 0 },
                },
              ],
            },
          ],
        },
      ],
    };
    try {
      const res = await fetch(`${endpoint}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(3000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (e) {
      throw unreachableError(
        `the trace receiver at ${endpoint} did not take the CLI's span: ${(e as Error).message}`,
        'start the stack with `platform up` (it runs the receiver)',
      );
    }
  }

  /** Exports the span, then waits until the trace stops growing (downstream consumers included). */
  async settle(stateDir: string, opts: { timeoutMs?: number } = {}): Promise<SpanRecord[]> {
    await this.export();
    return waitForTrace(stateDir, this.traceId, { minSpans: 2, quietMs: 1500, timeoutMs: opts.timeoutMs ?? 20_000 });
  }
}
