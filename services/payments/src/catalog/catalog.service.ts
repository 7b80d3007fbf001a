import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { rpcError, envNumber } from '@platform/nest-kit';
import { ApiKey, Customer, Merchant, PaymentMethod } from './schemas/catalog.schemas.js';
import { checkPayer, type PaymentFailure } from './payer-check.js';

/** How long a merchant that exists is taken for granted (merchants are seeded, not created per request). */
const MERCHANT_CACHE_MS = envNumber('MERCHANT_CACHE_MS', 10_000);

@Injectable()
export class CatalogService {
  constructor(
    @InjectModel(Merchant.name) private readonly merchants: Model<Merchant>,
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    @InjectModel(PaymentMethod.name) private readonly methods: Model<PaymentMethod>,
    @InjectModel(ApiKey.name) private readonly apiKeys: Model<ApiKey>,
  ) {}

  /** The merchant a key hash belongs to; NOT_FOUND (the gateway answers 401) for an unknown or rotated key. */
  async authenticate(keyHash: string): Promise<{ merchantId: string }> {
    const key = await this.apiKeys.findById(keyHash).lean();
    if (!key) throw rpcError('NOT_FOUND', 'unknown API key');
    return { merchantId: key.merchantId };
  }

  /** Merchants seen recently (id -> until when): one database read less per payment. Unknown ones are never cached. */
  private readonly knownMerchants = new Map<string, number>();

  async requireMerchant(merchantId: string): Promise<void> {
    if ((this.knownMerchants.get(merchantId) ?? 0) > Date.now()) return;
    const found = await this.merchants.exists({ _id: merchantId });
    if (!found) {
      this.knownMerchants.delete(merchantId);
      throw rpcError('NOT_FOUND', `merchant ${merchantId} does not exist`);
    }
    if (this.knownMerchants.size > 10_000) this.knownMerchants.clear();
    this.knownMerchants.set(merchantId, Date.now() + MERCHANT_CACHE_MS);
  }

  /**
   * Undefined when the customer may pay with this method; otherwise why the payment fails.
   * Another merchant's customer is refused outright (FORBIDDEN): nothing is recorded for it.
   */
  async checkPayer(merchantId: string, customerId: string, paymentMethodId: string): Promise<PaymentFailure | undefined> {
    const [customer, method] = await Promise.all([
      this.customers.findById(customerId).lean(),
      this.methods.findById(paymentMethodId).lean(),
    ]);
    if (customer && customer.merchantId !== merchantId) {
      throw rpcError(
        'FORBIDDEN',
        `customer ${customerId} belongs to another merchant: ${merchantId} can only charge its own customers' payment methods`,
      );
    }
    return checkPayer(customerId, paymentMethodId, customer, method, new Date());
  }
}
