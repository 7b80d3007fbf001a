import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { peerAddress } from '@platform/nest-kit';
import { Payment, PaymentSchema } from './schemas/payment.schema.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { LEDGER_CLIENT, LedgerClient } from '../ledger/ledger.client.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: Payment.name, schema: PaymentSchema }]),
    ClientsModule.registerAsync([
      { name: LEDGER_CLIENT, useFactory: () => ({ transport: Transport.TCP, options: peerAddress('ledger', process.env, 4002) }) },
    ]),
    CatalogModule,
    IdempotencyModule,
  ],
  controllers: [PaymentsController],
  providers: [PaymentsService, LedgerClient, OutboxRelay],
})
export class PaymentsModule {}
