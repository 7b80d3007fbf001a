import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { currentCorrelationId, rpcError } from '@platform/nest-kit';
import { insertLean, isDuplicateKeyError } from '@platform/nest-kit/database';
import { Payment, type Refund } from './schemas/payment.schema.js';
import { PaymentEventType } from './payment-events.js';
import { newPaymentId, newRefundId, outboxEntry, refundIdFor, toView, type PaymentView } from './payment-view.js';
import { planRefund } from './refund-plan.js';
import { CatalogService } from '../catalog/catalog.service.js';
import type { PaymentFailure } from '../catalog/payer-check.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { requestHash } from '../idempotency/request-hash.js';
import { LedgerClient } from '../ledger/ledger.client.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import type { CreatePaymentCommand } from './dto/create-payment.command.js';
import type { GetPaymentQuery } from './dto/get-payment.query.js';
import type { ListPaymentsQuery } from './dto/list-payments.query.js';
import type { RefundPaymentCommand } from './dto/refund-payment.command.js';

/** Concurrent refunds of one payment retry their guarded write this often before answering CONFLICT. */
const REFUND_ATTEMPTS = 20;

@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @InjectModel(Payment.name) private readonly payments: Model<Payment>,
    private readonly catalog: CatalogService,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerClient,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Checks merchant and payer (reads by _id, in parallel), claims the Idempotency-Key, asks the
   * ledger to hold the funds, then writes the payment (captured or failed) together with its event
   * in one insert. Three writes on the way: claim, hold (in the ledger), payment.
   */
  async create(cmd: CreatePaymentCommand): Promise<PaymentView> {
    const [, payerFailure] = await Promise.all([
      this.catalog.requireMerchant(cmd.merchantId),
      this.catalog.checkPayer(cmd.merchantId, cmd.customerId, cmd.paymentMethodId),
    ]);
    const { merchantId, idempotencyKey, ...body } = cmd;
    const claim = await this.idempotency.claim(merchantId, idempotencyKey, requestHash(body), newPaymentId, (id) => this.exists(id));
    if (!claim.owner) return toView(await this.load(claim.paymentId));
    try {
      return toView(await this.execute(cmd, claim.paymentId, payerFailure));
    } catch (e) {
      await this.idempotency.release(claim.claimId).catch(() => undefined);
      throw e;
    } finally {
      this.idempotency.settled(claim.claimId);
    }
  }

  private async execute(cmd: CreatePaymentCommand, paymentId: string, payerFailure: PaymentFailure | undefined): Promise<Payment> {
    const failure =
      payerFailure ?? (await this.ledger.hold({ paymentId, accountId: cmd.customerId, amount: cmd.amount, currency: cmd.currency }));
    const correlationId = currentCorrelationId();
    const payment = {
      _id: paymentId,
      merchantId: cmd.merchantId,
      customerId: cmd.customerId,
      paymentMethodId: cmd.paymentMethodId,
      amount: cmd.amount,
      currency: cmd.currency,
      status: failure ? ('failed' as const) : ('captured' as const),
      failure,
      description: cmd.description,
      idempotencyKey: cmd.idempotencyKey,
      correlationId,
    };
    const event = outboxEntry(failure ? PaymentEventType.failed : PaymentEventType.captured, payment, correlationId);
    try {
      const created = await insertLean(this.payments, { ...payment, refundedAmount: 0, refunds: [], outbox: [event], pendingEvents: 1 });
      this.logger.log({
        msg: `payment ${payment.status}`,
        paymentId,
        merchantId: cmd.merchantId,
        amount: cmd.amount,
        currency: cmd.currency,
        failure: failure?.code,
      });
      this.relay.nudge([{ paymentId, index: 0, entry: event }]);
      return created;
    } catch (e) {
      // Another request took over this key after our claim expired and got there first.
      if (isDuplicateKeyError(e)) return this.load(paymentId);
      throw e;
    }
  }

  async get(query: GetPaymentQuery): Promise<PaymentView> {
    return toView(await this.load(query.paymentId, query.merchantId));
  }

  async list(query: ListPaymentsQuery): Promise<PaymentView[]> {
    const filter: Record<string, unknown> = { merchantId: query.merchantId };
    if (query.customerId) filter.customerId = query.customerId;
    if (query.status) filter.status = query.status;
    const found = await this.payments
      .find(filter)
      .sort({ createdAt: -1 })
      .limit(query.limit ?? 20)
      .lean<Payment[]>();
    return found.map(toView);
  }

  /**
   * Read, plan, then one guarded atomic write: it applies only if `refundedAmount` is still what
   * the plan was made from and the refund id is new, so concurrent refunds can never exceed the
   * captured amount; a refund that lost the race plans again against the fresh payment.
   */
  async refund(cmd: RefundPaymentCommand) {
    const refundId = cmd.idempotencyKey ? refundIdFor(cmd.merchantId, cmd.paymentId, cmd.idempotencyKey) : newRefundId();
    const hash = cmd.idempotencyKey ? requestHash({ amount: cmd.amount, reason: cmd.reason }) : undefined;
    for (let attempt = 0; attempt < REFUND_ATTEMPTS; attempt++) {
      const payment = await this.load(cmd.paymentId, cmd.merchantId);
      const previous = payment.refunds.find((r) => r.id === refundId);
      if (previous) {
        if (previous.requestHash !== hash)
          throw rpcError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different refund request; use a new key');
        return { refund: refundView(previous), payment: toView(payment) };
      }
      const plan = planRefund(payment, cmd.amount);
      if (!plan.ok) throw rpcError('CONFLICT', plan.reason);
      const refund: Refund = { id: refundId, amount: plan.amount, reason: cmd.reason, requestHash: hash, createdAt: new Date() };
      const event = outboxEntry(PaymentEventType.refunded, { ...payment, status: plan.status }, currentCorrelationId(), refund);
      const updated = await this.payments
        .findOneAndUpdate(
          { _id: payment._id, refundedAmount: payment.refundedAmount, 'refunds.id': { $ne: refundId } },
          {
            $set: { refundedAmount: plan.refundedAmount, status: plan.status },
            $push: { refunds: refund, outbox: event },
            $inc: { pendingEvents: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (!updated) continue;
      this.logger.log({ msg: 'payment refunded', paymentId: payment._id, refundId, amount: plan.amount, status: plan.status });
      this.relay.nudge([{ paymentId: payment._id, index: updated.outbox.findIndex((e) => e.eventId === event.eventId), entry: event }]);
      return { refund: refundView(refund), payment: toView(updated) };
    }
    throw rpcError('CONFLICT', `payment ${cmd.paymentId} is busy; retry`);
  }

  private async exists(paymentId: string): Promise<boolean> {
    return (await this.payments.exists({ _id: paymentId })) !== null;
  }

  private async load(paymentId: string, merchantId?: string): Promise<Payment> {
    const payment = await this.payments.findById(paymentId).lean();
    if (!payment || (merchantId && payment.merchantId !== merchantId)) throw rpcError('NOT_FOUND', `payment ${paymentId} does not exist`);
    return payment;
  }
}

function refundView(r: Refund) {
  return { id: r.id, amount: r.amount, reason: r.reason, createdAt: r.createdAt };
}
