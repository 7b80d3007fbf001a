import { PayloadTooLargeException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { statusForCode } from '@platform/nest-kit';
import { RETRY_AFTER_SECONDS, statusForFailure } from './http-status.js';
import { toHttpError } from './gateway-exception.filter.js';

describe('http status mapping', () => {
  it('maps every error code a service can send', () => {
    expect(statusForCode('VALIDATION')).toBe(400);
    expect(statusForCode('UNAUTHORIZED')).toBe(401);
    expect(statusForCode('FORBIDDEN')).toBe(403);
    expect(statusForCode('NOT_FOUND')).toBe(404);
    expect(statusForCode('CONFLICT')).toBe(409);
    expect(statusForCode('IDEMPOTENCY_IN_PROGRESS')).toBe(409);
    expect(statusForCode('IDEMPOTENCY_KEY_REUSED')).toBe(422);
    expect(statusForCode('INSUFFICIENT_FUNDS')).toBe(402);
    expect(statusForCode('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(statusForCode('UNSUPPORTED_MEDIA_TYPE')).toBe(415);
    expect(statusForCode('CARD_DATA_REFUSED')).toBe(422);
    expect(statusForCode('UNAVAILABLE')).toBe(503);
    expect(statusForCode('SOMETHING_NEW')).toBe(500);
  });

  it('asks for a retry only where retrying the same request can succeed', () => {
    expect(RETRY_AFTER_SECONDS.UNAVAILABLE).toBeGreaterThan(0);
    expect(RETRY_AFTER_SECONDS.IDEMPOTENCY_IN_PROGRESS).toBeGreaterThan(0);
    expect(RETRY_AFTER_SECONDS.IDEMPOTENCY_KEY_REUSED).toBeUndefined();
  });

  it('maps payment failures', () => {
    expect(statusForFailure('INSUFFICIENT_FUNDS')).toBe(402);
    expect(statusForFailure('UNKNOWN_CUSTOMER')).toBe(404);
    expect(statusForFailure('UNKNOWN_PAYMENT_METHOD')).toBe(404);
    expect(statusForFailure('PAYMENT_METHOD_EXPIRED')).toBe(402);
  });

  it('gives body-parser failures their own codes', () => {
    expect(toHttpError(new PayloadTooLargeException())).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(toHttpError(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }))).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(
      toHttpError(Object.assign(new Error('unsupported charset "LATIN1"'), { status: 415, type: 'charset.unsupported' })),
    ).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(
      toHttpError(Object.assign(new Error('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' })),
    ).toMatchObject({ status: 400, body: { code: 'VALIDATION' } });
  });
});
