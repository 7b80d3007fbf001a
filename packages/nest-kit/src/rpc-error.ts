import { RpcException } from '@nestjs/microservices';

/** Machine-readable error codes that cross the wire; the gateway maps them to HTTP statuses. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INSUFFICIENT_FUNDS'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE'
  | 'CARD_DATA_REFUSED'
  | 'INTERNAL';

export interface RpcErrorBody {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string[]>;
}

export function rpcError(code: ErrorCode, message: string, fields?: Record<string, string[]>): RpcException {
  return new RpcException({ code, message, ...(fields ? { fields } : {}) } satisfies RpcErrorBody);
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorBody).code === 'string' &&
    typeof (value as RpcErrorBody).message === 'string'
  );
}

/** How an error code from any service becomes an HTTP status. A user's mistake is never a 500. */
export const STATUS_FOR_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  INSUFFICIENT_FUNDS: 402,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CARD_DATA_REFUSED: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function statusForCode(code: string): number {
  return STATUS_FOR_CODE[code as ErrorCode] ?? 500;
}
