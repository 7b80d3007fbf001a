import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentLocks, LockTimeoutError, currentCorrelationId, rpcError } from '@platform/nest-kit';
import { Payment, type Refund } from './schemas/payment.schema.js';
import { PaymentEventType } from './payment-events.js';
import { newPaymentId, newRefundId, outboxEntry, paymentLockKey, refundIdFor, toView, type PaymentView } from './payment-view.js';
import { planRefund } from './refund-plan.js';
import { CatalogService } from '../catalog/catalog.service.js';
import type { PaymentFailure } from '../catalog/payer-check.js';
import { IdempotencyService, isDuplicateKeyError } from '../idempotency/idempotency.service.js';
import { requestHash } from '../idempotency/request-hash.js';
import { LedgerClient } from '../ledger/ledger.client.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import type { CreatePaymentCommand } from './dto/create-payment.command.js';
import type { GetPaymentQuery } from './dto/get-payment.query.js';
import type { ListPaymentsQuery } from './dto/list-payments.query.js';
import type { RefundPaymentCommand } from './dto/refund-payment.command.js';


@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @InjectModel(Payment.name) private readonly payments: Model<Payment>,
    private readonly catalog: CatalogService,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerClient,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {}

  /**
   * Checks merchant and payer (reads by _id, in parallel), claims the Idempotency-Key, asks the
   * ledger to hold the funds, then writes the payment (captured or failed) together with its event
   * in one insert. Four writes on the way: claim, lock + hold + unlock in the ledger, payment.
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
    const failure = payerFailure ?? (await this.ledger.hold({ paymentId, accountId: cmd.customerId, amount: cmd.amount, currency: cmd.currency }));
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
    const queued = [{ index: 0, entry: event }];
    await this.relay.enqueue(paymentId, queued);
    try {
      const created = await this.payments.create({ ...payment, refundedAmount: 0, refunds: [], outbox: [event], pendingEvents: 0 });
      this.logger.log({ msg: `payment ${payment.status}`, paymentId, merchantId: cmd.merchantId, amount: cmd.amount, currency: cmd.currency, failure: failure?.code });
      this.relay.nudge(paymentId, queued);
      return created.toObject();
    } catch (e) {
      await this.relay.discard(queued);
      // Another request took over this key after our lock expired and got there first.
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
    const found = await this.payments.find(filter).sort({ createdAt: -1 }).limit(query.limit ?? 20).lean<Payment[]>();
    return found.map(toView);
  }

  /**
   * Read, plan and write under the payment's lock: on FerretDB 1.24 a conditional update alone is
   * not atomic (see DocumentLocks), so two refunds must not interleave.
   */
  async refund(cmd: RefundPaymentCommand) {
    const refundId = cmd.idempotencyKey ? refundIdFor(cmd.merchantId, cmd.paymentId, cmd.idempotencyKey) : newRefundId();
    const hash = cmd.idempotencyKey ? requestHash({ amount: cmd.amount, reason: cmd.reason }) : undefined;
    await this.load(cmd.paymentId, cmd.merchantId); // NOT_FOUND without taking a lock
    return this.withPaymentLock(cmd.paymentId, async () => {
      const payment = await this.load(cmd.paymentId, cmd.merchantId);
      const previous = payment.refunds.find((r) => r.id === refundId);
      if (previous) {
        if (previous.requestHash !== hash) throw rpcError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different refund request; use a new key');
        return { refund: refundView(previous), payment: toView(payment) };
      }
      const plan = planRefund(payment, cmd.amount);
      if (!plan.ok) throw rpcError('CONFLICT', plan.reason);
      const refund: Refund = { id: refundId, amount: plan.amount, reason: cmd.reason, requestHash: hash, createdAt: new Date() };
      const event = outboxEntry(PaymentEventType.refunded, { ...payment, status: plan.status }, currentCorrelationId(), refund);
      // Entries are only appended, and no one else writes the payment while we hold its lock.
      const queued = [{ index: payment.outbox.length, entry: event }];
      await this.relay.enqueue(payment._id, queued);
      // Filter on `_id` alone (any other condition makes FerretDB scan the whole collection); the lock makes it safe.
      const updated = await this.payments.findOneAndUpdate(
        { _id: payment._id },
        { $set: { refundedAmount: plan.refundedAmount, status: plan.status }, $push: { refunds: refund, outbox: event } },
        { returnDocument: 'after' },
      ).lean().catch(async (e: unknown) => {
        await this.relay.discard(queued);
        throw e;
      });
      if (!updated) {
        await this.relay.discard(queued);
        throw rpcError('CONFLICT', 'the payment changed while refunding; retry');
      }
      this.logger.log({ msg: 'payment refunded', paymentId: payment._id, refundId, amount: plan.amount, status: plan.status });
      this.relay.nudge(payment._id, queued);
      return { refund: refundView(refund), payment: toView(updated) };
    });
  }

  private async withPaymentLock<T>(paymentId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.locks.withLock(paymentLockKey(paymentId), fn);
    } catch (e) {
      if (e instanceof LockTimeoutError) throw rpcError('CONFLICT', `payment ${paymentId} is busy; retry`);
      throw e;
    }
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
