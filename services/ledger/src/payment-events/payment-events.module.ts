import { Module } from '@nestjs/common';
import { PaymentEventsConsumer } from './payment-events.consumer.js';
import { PostingsModule } from '../postings/postings.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';

@Module({
  imports: [PostingsModule, AccountsModule],
  providers: [PaymentEventsConsumer],
})
export class PaymentEventsModule {}
