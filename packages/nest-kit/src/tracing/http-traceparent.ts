import { context, propagation } from '@opentelemetry/api';

/** Express middleware: every HTTP response carries the request's `traceparent`, so a caller can run `platform trace` on it. */
export function traceparentResponseHeader(_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (carrier.traceparent) res.setHeader('traceparent', carrier.traceparent);
  next();
}
