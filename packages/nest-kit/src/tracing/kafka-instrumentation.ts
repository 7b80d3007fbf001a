import { ROOT_CONTEXT, context, propagation, type Span, type TextMapGetter } from '@opentelemetry/api';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';

type Headers = Record<string, unknown>;
const headerGetter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const v = carrier[key];
    return Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? v : undefined;
  },
};

/**
 * The official kafkajs instrumentation, with one change: a message handed to `send` that already
 * carries a `traceparent` header (an outbox event stored with its request's trace context)
 * gets its "send" span in that trace, not in whatever happens to be active in the relay's batch.
 * The instrumentation then writes its own span's context into the header, as usual.
 */
export function kafkaInstrumentation(): KafkaJsInstrumentation {
  const instrumentation = new KafkaJsInstrumentation();
  // `_startProducerSpan` is private upstream (pinned version, checked by the e2e payment trace).
  const internals = instrumentation as unknown as {
    _startProducerSpan(topic: string, message: { headers?: Headers }, client: unknown): Span;
  };
  const start = internals._startProducerSpan.bind(instrumentation);
  internals._startProducerSpan = (topic, message, client) => {
    if (!message.headers || headerGetter.get(message.headers, 'traceparent') === undefined) return start(topic, message, client);
    return context.with(propagation.extract(ROOT_CONTEXT, message.headers, headerGetter), () => start(topic, message, client));
  };
  return instrumentation;
}
