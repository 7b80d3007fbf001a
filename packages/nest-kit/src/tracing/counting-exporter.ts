import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

const WARN_EVERY_MS = 30_000;

/**
 * Wraps an exporter so that a receiver that is down costs nothing but the spans: failed batches
 * are dropped, counted, and reported as one JSON warning line at most every 30 s.
 */
export class CountingExporter implements SpanExporter {
  dropped = 0;
  private warnedAt = 0;

  constructor(
    private readonly inner: SpanExporter,
    private readonly url: string,
    private readonly service: string,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.drop(spans.length, result.error);
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private drop(count: number, error?: Error) {
    this.dropped += count;
    const now = Date.now();
    if (now - this.warnedAt < WARN_EVERY_MS) return;
    this.warnedAt = now;
    const line = {
      time: new Date(now).toISOString(),
      level: 'warn',
      service: this.service,
      context: 'Tracing',
      msg: 'spans dropped: the trace receiver did not take them',
      endpoint: this.url,
      droppedSpans: this.dropped,
      error: error?.message,
    };
    this.out.write(JSON.stringify(line) + '\n');
  }
}
