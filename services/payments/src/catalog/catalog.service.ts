import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { rpcError } from '@platform/nest-kit';
import { Customer, Merchant, PaymentMethod } from './schemas/catalog.schemas.js';
import { checkPayer, type PaymentFailure } from './payer-check.js';

@Injectable()
export class CatalogService {
  constructor(
    @InjectModel(Merchant.name) private readonly merchants: Model<Merchant>,
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    @InjectModel(PaymentMethod.name) private readonly methods: Model<PaymentMethod>,
  ) {}

  async requireMerchant(merchantId: string): Promise<void> {
    const found = await this.merchants.exists({ _id: merchantId });
    if (!found) throw rpcError('NOT_FOUND', `merchant ${merchantId} does not exist`);
  }

  /** Undefined when the customer may pay with this method; otherwise why the payment fails. */
  async checkPayer(customerId: string, paymentMethodId: string): Promise<PaymentFailure | undefined> {
    const [customer, method] = await Promise.all([
      this.customers.findById(customerId).lean(),
      this.methods.findById(paymentMethodId).lean(),
    ]);
    return checkPayer(customerId, paymentMethodId, customer, method, new Date());
  }
}
