import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { trace } from '@opentelemetry/api';
import { CORRELATION_FIELD, HEADERS, currentCorrelationId, withCorrelationId } from './correlation.js';
import { CORRELATION_ATTRIBUTE, markSpanError } from './tracing/trace-context.js';

/**
 * Runs every handler inside the caller's correlation id: from the TCP payload's `correlationId`
 * field (removed before validation), a Kafka `correlation-id` header, or the HTTP request.
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const id = this.extract(context);
    // The handler's span (HTTP, TCP server, Kafka consume) carries the correlation id and its error.
    const span = trace.getActiveSpan();
    return new Observable((subscriber) =>
      withCorrelationId(id, () => {
        span?.setAttribute(CORRELATION_ATTRIBUTE, currentCorrelationId()!);
        return next
          .handle()
          .pipe(tap({ error: (e) => markSpanError(span, e) }))
          .subscribe(subscriber);
      }),
    );
  }

  private extract(context: ExecutionContext): string | undefined {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest();
      // An HTTP front door sets `correlationId` once it has checked the caller's header.
      return req.correlationId ?? req.headers?.['x-correlation-id'];
    }
    const rpc = context.switchToRpc();
    const data = rpc.getData();
    const ctx = rpc.getContext() as { getMessage?: () => { headers?: Record<string, unknown> } };
    const header = ctx?.getMessage?.()?.headers?.[HEADERS.correlationId];
    if (header) return String(header);
    if (data && typeof data === 'object' && CORRELATION_FIELD in data) {
      const id = (data as Record<string, unknown>)[CORRELATION_FIELD];
      delete (data as Record<string, unknown>)[CORRELATION_FIELD];
      return typeof id === 'string' ? id : undefined;
    }
    return undefined;
  }
}
