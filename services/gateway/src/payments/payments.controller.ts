import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response } from '../http/http-types.js';
import { PAYMENTS_PATTERNS } from '@platform/contracts';
import { PeersService } from '../peers/peers.service.js';
import { idempotencyKeyOf, merchantIdOf } from '../http/request-headers.js';
import { statusForFailure } from '../http/http-status.js';
import { CreatePaymentBody } from './dto/create-payment.body.js';
import { CreateRefundBody } from './dto/create-refund.body.js';
import { ListPaymentsQuery } from './dto/list-payments.query.js';
import { PaymentIdParams } from './dto/payment-id.params.js';

interface PaymentView {
  id: string;
  status: string;
  failure?: { code: string; reason: string };
}

/** Creating a payment may wait for a concurrent request with the same key, so it gets more time. */
const CREATE_TIMEOUT_MS = 20_000;

/** Every route is scoped to the merchant in the X-Merchant-Id header. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly peers: PeersService) {}

  /**
   * 201 with the captured payment; a failed payment answers 402 (insufficient funds, expired
   * method) or 404 (unknown customer / method) with the payment in the body. A retry with the
   * same Idempotency-Key answers exactly the same.
   */
  @Post()
  async create(@Req() req: Request, @Body() body: CreatePaymentBody, @Res({ passthrough: true }) res: Response) {
    const merchantId = merchantIdOf(req);
    const idempotencyKey = idempotencyKeyOf(req, true);
    const payment = await this.peers.call<PaymentView>('payments', PAYMENTS_PATTERNS.create, { ...body, merchantId, idempotencyKey }, CREATE_TIMEOUT_MS);
    if (!payment.failure) {
      res.status(201);
      return payment;
    }
    res.status(statusForFailure(payment.failure.code));
    return { code: payment.failure.code, message: payment.failure.reason, payment };
  }

  @Get()
  list(@Req() req: Request, @Query() query: ListPaymentsQuery) {
    return this.peers.call('payments', PAYMENTS_PATTERNS.list, { ...query, merchantId: merchantIdOf(req) });
  }

  @Get(':id')
  get(@Req() req: Request, @Param() params: PaymentIdParams) {
    return this.peers.call('payments', PAYMENTS_PATTERNS.get, { paymentId: params.id, merchantId: merchantIdOf(req) });
  }

  /** Optional Idempotency-Key: a retried refund with the same key is applied once. */
  @Post(':id/refunds')
  @HttpCode(201)
  refund(@Req() req: Request, @Param() params: PaymentIdParams, @Body() body: CreateRefundBody) {
    const idempotencyKey = idempotencyKeyOf(req, false);
    return this.peers.call('payments', PAYMENTS_PATTERNS.refund, { ...body, paymentId: params.id, merchantId: merchantIdOf(req), ...(idempotencyKey ? { idempotencyKey } : {}) });
  }
}
