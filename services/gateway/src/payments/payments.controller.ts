import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { HttpRequest as Request, HttpResponse as Response } from '../http/http-types.js';
import { PAYMENTS_PATTERNS } from '@platform/contracts';
import { PeersService } from '../peers/peers.service.js';
import { idempotencyKeyOf } from '../http/request-headers.js';
import { statusForFailure } from '../http/http-status.js';
import { merchantOf } from '../auth/merchant-auth.guard.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import { ErrorBody, PaymentFailedBody, PaymentView, RefundResult } from '../openapi/schemas.js';
import { CreatePaymentBody } from './dto/create-payment.body.js';
import { CreateRefundBody } from './dto/create-refund.body.js';
import { ListPaymentsQuery } from './dto/list-payments.query.js';
import { PaymentIdParams } from './dto/payment-id.params.js';

interface Payment {
  id: string;
  status: string;
  failure?: { code: string; reason: string };
}

/** Creating a payment may wait for a concurrent request with the same key, so it gets more time. */
const CREATE_TIMEOUT_MS = 20_000;

const IDEMPOTENCY_KEY_DOC = {
  name: 'Idempotency-Key',
  description:
    '1-255 printable ASCII characters; a retry with the same key and body answers the same, with another body 422 IDEMPOTENCY_KEY_REUSED',
};

/** Every route is scoped to the merchant the API key belongs to. */
@ApiTags('payments')
@ApiBearerAuth()
@ApiExtraModels(PaymentFailedBody, ErrorBody)
@Controller('payments')
export class PaymentsController {
  constructor(private readonly peers: PeersService) {}

  /**
   * 201 with the captured payment; a failed payment answers 402 (insufficient funds, expired
   * method) or 404 (unknown customer / method) with the payment in the body. A retry with the
   * same Idempotency-Key answers exactly the same.
   */
  @Post()
  @ApiOperation({ summary: 'Charge a customer of yours with one of their payment methods' })
  @ApiHeader({ ...IDEMPOTENCY_KEY_DOC, required: true })
  @ApiResponse({ status: 201, description: 'Captured', type: PaymentView })
  @ApiResponse({
    status: 402,
    description: 'The payment failed and was recorded (insufficient funds, expired card)',
    type: PaymentFailedBody,
  })
  @ApiResponse({
    status: 404,
    description: 'Failed and recorded: unknown customer or payment method (PaymentFailedBody); or NOT_FOUND (ErrorBody)',
    schema: { oneOf: [{ $ref: getSchemaPath(PaymentFailedBody) }, { $ref: getSchemaPath(ErrorBody) }] },
  })
  @ApiErrors(400, 401, 403, 409, 413, 415, 422, 503)
  async create(@Req() req: Request, @Body() body: CreatePaymentBody, @Res({ passthrough: true }) res: Response) {
    const idempotencyKey = idempotencyKeyOf(req, true);
    const payment = await this.peers.call<Payment>(
      'payments',
      PAYMENTS_PATTERNS.create,
      { ...body, merchantId: merchantOf(req), idempotencyKey },
      CREATE_TIMEOUT_MS,
    );
    if (!payment.failure) {
      res.status(201);
      return payment;
    }
    res.status(statusForFailure(payment.failure.code));
    return { code: payment.failure.code, message: payment.failure.reason, payment };
  }

  @Get()
  @ApiOperation({ summary: 'Your payments, newest first' })
  @ApiResponse({ status: 200, type: [PaymentView] })
  @ApiErrors(400, 401, 415, 422, 503)
  list(@Req() req: Request, @Query() query: ListPaymentsQuery) {
    return this.peers.call('payments', PAYMENTS_PATTERNS.list, { ...query, merchantId: merchantOf(req) });
  }

  @Get(':id')
  @ApiOperation({ summary: "One of your payments (another merchant's is 404)" })
  @ApiResponse({ status: 200, type: PaymentView })
  @ApiErrors(400, 401, 404, 415, 422, 503)
  get(@Req() req: Request, @Param() params: PaymentIdParams) {
    return this.peers.call('payments', PAYMENTS_PATTERNS.get, { paymentId: params.id, merchantId: merchantOf(req) });
  }

  /** Optional Idempotency-Key: a retried refund with the same key is applied once. */
  @Post(':id/refunds')
  @HttpCode(201)
  @ApiOperation({ summary: 'Refund all or part of one of your captured payments' })
  @ApiHeader({ ...IDEMPOTENCY_KEY_DOC, required: false })
  @ApiResponse({ status: 201, type: RefundResult })
  @ApiErrors(400, 401, 404, 409, 413, 415, 422, 503)
  refund(@Req() req: Request, @Param() params: PaymentIdParams, @Body() body: CreateRefundBody) {
    const idempotencyKey = idempotencyKeyOf(req, false);
    return this.peers.call('payments', PAYMENTS_PATTERNS.refund, {
      ...body,
      paymentId: params.id,
      merchantId: merchantOf(req),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }
}
