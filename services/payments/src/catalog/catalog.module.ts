import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Customer, CustomerSchema, Merchant, MerchantSchema, PaymentMethod, PaymentMethodSchema } from './schemas/catalog.schemas.js';
import { CatalogService } from './catalog.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Merchant.name, schema: MerchantSchema },
      { name: Customer.name, schema: CustomerSchema },
      { name: PaymentMethod.name, schema: PaymentMethodSchema },
    ]),
  ],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
