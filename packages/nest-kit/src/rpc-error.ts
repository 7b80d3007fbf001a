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
  return typeof value === 'object' && value !== null && typeof (value as RpcErrorBody).code === 'string' && typeof (value as RpcErrorBody).message === 'string';
}
