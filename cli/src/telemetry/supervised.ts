import { receiverEndpoint, startTelemetryReceiver } from './receiver.js';
import type { SpanStore } from './span-store.js';

export interface Telemetry {
  /** The receiver's span store, live: the dashboard in the same process reads it instead of the file. */
  store: SpanStore;
  close(): Promise<void>;
}

/**
 * The supervisor's one call: run the OTLP receiver beside the stack. A receiver that cannot start
 * (its port taken, say by the user's own collector) is reported and skipped: the stack still runs,
 * and services drop their spans with a counted warning.
 */
export async function startTelemetry(stateDir: string, log: (msg: string) => void): Promise<Telemetry | undefined> {
  try {
    const receiver = await startTelemetryReceiver({ stateDir });
    log(`OTLP receiver on ${receiver.endpoint} (${receiver.store.size} spans kept from before)`);
    return receiver;
  } catch (e) {
    log(`OTLP receiver not started on ${receiverEndpoint()}: ${(e as Error).message}; \`platform trace\` will not see new spans`);
    return undefined;
  }
}

/**
 * What every service is told about where spans go: our receiver always (PLATFORM_OTLP_ENDPOINT),
 * and OTEL_EXPORTER_OTLP_ENDPOINT, which stays the user's own when they set one (docs/tracing.md).
 */
export function telemetryEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const ours = receiverEndpoint(env);
  return { PLATFORM_OTLP_ENDPOINT: ours, OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT || ours };
}
