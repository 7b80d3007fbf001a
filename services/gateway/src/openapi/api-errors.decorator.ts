import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './schemas.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION: a field, header or the JSON itself is invalid (see `fields`)',
  401: 'UNAUTHORIZED: no API key, or not a valid one (WWW-Authenticate: Bearer)',
  403: 'FORBIDDEN: the customer belongs to another merchant',
  404: 'NOT_FOUND: no such resource for this merchant',
  409: 'CONFLICT, or IDEMPOTENCY_IN_PROGRESS (with Retry-After) while a request with this Idempotency-Key is still running',
  413: 'PAYLOAD_TOO_LARGE: the body is over 100 kB',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json',
  422: 'CARD_DATA_REFUSED: a card number or card field anywhere in the request; or IDEMPOTENCY_KEY_REUSED: the key was used with another body (never retryable)',
  503: 'UNAVAILABLE: a service behind the gateway is down or did not answer (Retry-After)',
};

/** Error responses of a route, all shaped as ErrorBody. Every route gets 401 (unless public), 413, 415 and 422 from the gateway itself. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBody })));
}
