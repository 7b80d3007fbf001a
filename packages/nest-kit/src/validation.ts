import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { rpcError } from './rpc-error.js';

/** Flattens class-validator errors into `{ "field.path": ["message", ...] }`. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, fieldErrors(e.children, path));
  }
  return out;
}

/** The boundary check for TCP and Kafka payloads: unknown fields are refused, types are converted. */
export function rpcValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return rpcError('VALIDATION', `invalid payload: ${Object.keys(fields).join(', ')}`, fields);
    },
  });
}
