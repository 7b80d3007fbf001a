import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { CORRELATION_FIELD, HEADERS, withCorrelationId } from './correlation.js';

/**
 * Runs every handler inside the caller's correlation id: from the TCP payload's `correlationId`
 * field (removed before validation), a Kafka `correlation-id` header, or the HTTP request.
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const id = this.extract(context);
    return new Observable((subscriber) => withCorrelationId(id, () => next.handle().subscribe(subscriber)));
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
