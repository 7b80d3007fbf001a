// What the rest of the CLI (and the dashboard) uses: the receiver, the store and its queries.
export { startTelemetryReceiver, receiverEndpoint, receiverPort, spansFile, type TelemetryReceiver } from './receiver.js';
export { SpanStore, summarize, DEFAULT_SPAN_CAPACITY, spanCapacity } from './span-store.js';
export { openSpanStore, spanSource, waitForTrace, type SpanSource } from './query.js';
export { renderWaterfall, waterfallRows, operationOf, renderSummaries } from './waterfall.js';
export { CORRELATION_ATTRIBUTE, type SpanRecord, type TraceSummary, type AttributeValue, type SpanKindName } from './span.js';
