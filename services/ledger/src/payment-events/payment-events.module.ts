import { Module } from '@nestjs/common';
import { CONSUMER_GROUPS, TOPICS } from '@platform/contracts';
import { eventConsumer } from '@platform/nest-kit';
import { PaymentEventDto } from './dto/payment-event.dto.js';
import { PaymentEventsHandler } from './payment-events.handler.js';
import { PostingsModule } from '../postings/postings.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';

@Module({
  imports: [PostingsModule, AccountsModule],
  providers: [
    PaymentEventsHandler,
    eventConsumer({ topic: TOPICS.paymentsEvents, groupId: CONSUMER_GROUPS.ledger, dto: PaymentEventDto, handler: PaymentEventsHandler }),
  ],
})
export class PaymentEventsModule {}
