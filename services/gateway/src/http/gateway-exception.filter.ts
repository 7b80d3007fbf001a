import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseRpcExceptionFilter, RpcException } from '@nestjs/microservices';
import type { HttpRequest as Request, HttpResponse as Response } from './http-types.js';
import { isRpcErrorBody, statusForCode, type ErrorCode } from '@platform/nest-kit';
import { RETRY_AFTER_SECONDS } from './http-status.js';
import { correlationIdFrom, loggedPath } from './correlation.middleware.js';

/**
 * One place that shapes HTTP errors: `{ statusCode, code, message, fields?, correlationId }`
 * (ErrorBody in /openapi.json). Errors from other services (RpcErrorBody), validation (nest-kit's
 * pipe throws RpcException even over HTTP) and Nest's HttpExceptions all end up here, with
 * Retry-After on the ones worth retrying. TCP errors keep Nest's RPC handling.
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
    const correlationId = (req as Request & { correlationId?: string }).correlationId ?? correlationIdFrom(req.headers['x-correlation-id']);
    if (!res.getHeader('X-Correlation-Id')) res.setHeader('X-Correlation-Id', correlationId);
    const retryAfter = RETRY_AFTER_SECONDS[body.code as ErrorCode];
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="platform"');
    if (status >= 500)
      this.logger.error({
        msg: 'request failed',
        correlationId,
        method: req.method,
        path: loggedPath(req),
        status,
        code: body.code,
        error: (exception as Error)?.message ?? body.message,
      });
    res.status(status).json({ statusCode: status, ...body, correlationId });
  }
}

/** Nest's own HttpExceptions (unknown route, body too large...) by status; other 4xx are VALIDATION. */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** body-parser's error types that have a code of their own; any other parser error is VALIDATION. */
const PARSER_CODES: Record<string, ErrorCode> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
};

export function toHttpError(exception: unknown): {
  status: number;
  body: { code: string; message: string; fields?: Record<string, string[]> };
} {
  const error = exception instanceof RpcException ? exception.getError() : exception;
  if (isRpcErrorBody(error))
    return {
      status: statusForCode(error.code),
      body: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
    };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse() as { code?: string; message?: string | string[] } | string;
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray(response.message)
          ? response.message.join('; ')
          : (response.message ?? error.message);
    const code =
      typeof response === 'object' && response.code
        ? response.code
        : (CODE_FOR_STATUS[status] ?? (status < 500 ? 'VALIDATION' : 'INTERNAL'));
    return { status, body: { code, message } };
  }
  // body-parser errors (malformed JSON, too large) carry their own 4xx status.
  const { status: parserStatus, type } = (error ?? {}) as { status?: number; type?: string };
  if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
    const code = PARSER_CODES[type ?? ''] ?? 'VALIDATION';
    return { status: statusForCode(code), body: { code, message: (error as Error).message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}
