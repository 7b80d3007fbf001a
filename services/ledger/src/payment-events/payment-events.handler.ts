import { Injectable } from '@nestjs/common';
import { PaymentEventType } from '@platform/contracts';
import type { ConsumedEvent, EventHandler } from '@platform/nest-kit';
import { PaymentEventDto } from './dto/payment-event.dto.js';
import { postingFor } from '../postings/posting-rules.js';
import { PostingsService } from '../postings/postings.service.js';
import { AccountsService } from '../accounts/accounts.service.js';

/**
 * Turns payment events into postings and running totals. A redelivered event costs what a new one
 * does (an insert refused with E11000, a read by `_id`, guarded updates): no scan, no derivation.
 */
@Injectable()
export class PaymentEventsHandler implements EventHandler<PaymentEventDto> {
  constructor(
    private readonly postings: PostingsService,
    private readonly accounts: AccountsService,
  ) {}

  async handle(event: PaymentEventDto, message: ConsumedEvent): Promise<void> {
    const draft = postingFor(event);
    if (draft) {
      const source = { partition: message.partition, offset: Number(message.offset) };
      const outcome = await this.postings.post(event.eventId, event.paymentId, draft, source);
      if (outcome === 'duplicate') return;
      const capture =
        event.type === PaymentEventType.captured
          ? { accountId: event.customerId, paymentId: event.paymentId, amount: event.amount, currency: event.currency }
          : undefined;
      await this.accounts.applyPosting(draft.legs, source, capture);
    }
    if (event.type === PaymentEventType.failed) await this.accounts.release(event.customerId, event.paymentId);
  }
}
