import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PAYMENTS_PATTERNS } from '@platform/contracts';
import { PatternDoc } from '@platform/nest-kit';
import { PaymentsService } from './payments.service.js';
import { CreatePaymentCommand } from './dto/create-payment.command.js';
import { GetPaymentQuery } from './dto/get-payment.query.js';
import { ListPaymentsQuery } from './dto/list-payments.query.js';
import { RefundPaymentCommand } from './dto/refund-payment.command.js';

@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @MessagePattern(PAYMENTS_PATTERNS.create, Transport.TCP)
  @PatternDoc({
    description:
      'Create a payment: holds funds in the ledger, answers the payment (captured or failed). Idempotent per merchant + idempotencyKey.',
  })
  create(@Payload() cmd: CreatePaymentCommand) {
    return this.payments.create(cmd);
  }

  @MessagePattern(PAYMENTS_PATTERNS.get, Transport.TCP)
  @PatternDoc({ description: 'One payment by id (NOT_FOUND if it belongs to another merchant)' })
  get(@Payload() query: GetPaymentQuery) {
    return this.payments.get(query);
  }

  @MessagePattern(PAYMENTS_PATTERNS.list, Transport.TCP)
  @PatternDoc({ description: "A merchant's payments, newest first" })
  list(@Payload() query: ListPaymentsQuery) {
    return this.payments.list(query);
  }

  @MessagePattern(PAYMENTS_PATTERNS.refund, Transport.TCP)
  @PatternDoc({ description: 'Refund all or part of a captured payment; never more than was captured' })
  refund(@Payload() cmd: RefundPaymentCommand) {
    return this.payments.refund(cmd);
  }
}
