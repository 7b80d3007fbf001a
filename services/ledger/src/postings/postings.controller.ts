import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { LEDGER_PATTERNS } from '@platform/contracts';
import { PatternDoc } from '@platform/nest-kit';
import { PostingsService } from './postings.service.js';
import { PaymentPostingsQuery } from './dto/postings.query.js';

@Controller()
export class PostingsController {
  constructor(private readonly postings: PostingsService) {}

  @MessagePattern(LEDGER_PATTERNS.postings, Transport.TCP)
  @PatternDoc({ description: 'The postings made for one payment (capture, refunds)' })
  forPayment(@Payload() query: PaymentPostingsQuery) {
    return this.postings.forPayment(query.paymentId);
  }

  @MessagePattern(LEDGER_PATTERNS.trialBalance, Transport.TCP)
  @PatternDoc({ description: 'Sum of all postings per currency; always zero', example: {} })
  async trialBalance() {
    const totals = await this.postings.trialBalance();
    return { balanced: Object.values(totals).every((t) => t === 0), totals };
  }
}
