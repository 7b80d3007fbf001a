import type { HttpRequest as Request } from './http-types.js';
import { rpcError } from '@platform/nest-kit';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Validation errors name the header, so a client sees `fields: { "Idempotency-Key": [...] }`. */
export function idempotencyKeyOf(req: Request, required: boolean): string | undefined {
  const name = 'Idempotency-Key';
  const value = req.headers['idempotency-key'];
  if (value === undefined || value === '') {
    if (required) throw rpcError('VALIDATION', `${name} header is required`, { [name]: [`${name} header is required`] });
    return undefined;
  }
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value))
    throw rpcError('VALIDATION', `${name} header is invalid`, { [name]: ['Idempotency-Key must be 1-255 printable ASCII characters'] });
  return value;
}
