import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  ApiKey,
  ApiKeySchema,
  Customer,
  CustomerSchema,
  Merchant,
  MerchantSchema,
  PaymentMethod,
  PaymentMethodSchema,
} from './schemas/catalog.schemas.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Merchant.name, schema: MerchantSchema },
      { name: Customer.name, schema: CustomerSchema },
      { name: PaymentMethod.name, schema: PaymentMethodSchema },
      { name: ApiKey.name, schema: ApiKeySchema },
    ]),
  ],
  controllers: [CatalogController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
