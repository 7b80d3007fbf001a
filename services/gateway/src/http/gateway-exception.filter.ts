import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseRpcExceptionFilter, RpcException } from '@nestjs/microservices';
import type { HttpRequest as Request, HttpResponse as Response } from './http-types.js';
import { isRpcErrorBody } from '@platform/nest-kit';
import { statusForCode } from './http-status.js';
import { correlationIdFrom } from './correlation.middleware.js';

/**
 * One place that shapes HTTP errors: `{ statusCode, code, message, fields?, correlationId }`.
 * Errors from other services (RpcErrorBody), validation (nest-kit's pipe throws RpcException even
 * over HTTP) and Nest's HttpExceptions all end up here. TCP errors keep Nest's RPC handling.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');
  private readonly rpc = new BaseRpcExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return this.rpc.catch(exception, host);
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = toHttpError(exception);
    // Body-parser errors happen before the correlation middleware ran.
    const correlationId = correlationIdFrom(req.headers['x-correlation-id']);
    if (!res.getHeader('X-Correlation-Id')) res.setHeader('X-Correlation-Id', correlationId);
    if (status >= 500) this.logger.error({ msg: 'request failed', correlationId, method: req.method, path: req.path, status, code: body.code, error: (exception as Error)?.message ?? body.message });
    res.status(status).json({ statusCode: status, ...body, correlationId });
  }
}

export function toHttpError(exception: unknown): { status: number; body: { code: string; message: string; fields?: Record<string, string[]> } } {
  const error = exception instanceof RpcException ? exception.getError() : exception;
  if (isRpcErrorBody(error)) return { status: statusForCode(error.code), body: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse() as { code?: string; message?: string | string[] } | string;
    const message = typeof response === 'string' ? response : Array.isArray(response.message) ? response.message.join('; ') : response.message ?? error.message;
    const code = typeof response === 'object' && response.code ? response.code : status === 404 ? 'NOT_FOUND' : status < 500 ? 'VALIDATION' : 'INTERNAL';
    return { status, body: { code, message } };
  }
  // body-parser errors (malformed JSON, too large) carry their own 4xx status.
  const parserStatus = (error as { status?: number; type?: string })?.status;
  if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
    return { status: parserStatus, body: { code: 'VALIDATION', message: (error as Error).message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}
