import type { HttpRequest as Request } from './http-types.js';
import { rpcError } from '@platform/nest-kit';

const MERCHANT_ID = /^m_[A-Za-z0-9_-]{1,60}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Validation errors name the header, so a client sees `fields: { "X-Merchant-Id": [...] }`. */
function header(req: Request, name: string, pattern: RegExp, required: boolean, hint: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined || value === '') {
    if (required) throw rpcError('VALIDATION', `${name} header is required`, { [name]: [`${name} header is required`] });
    return undefined;
  }
  if (typeof value !== 'string' || !pattern.test(value)) throw rpcError('VALIDATION', `${name} header is invalid`, { [name]: [hint] });
  return value;
}

export function merchantIdOf(req: Request): string {
  return header(req, 'X-Merchant-Id', MERCHANT_ID, true, 'X-Merchant-Id must look like m_...')!;
}

export function idempotencyKeyOf(req: Request, required: boolean): string | undefined {
  return header(req, 'Idempotency-Key', IDEMPOTENCY_KEY, required, 'Idempotency-Key must be 1-255 printable ASCII characters');
}
