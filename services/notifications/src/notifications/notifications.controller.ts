import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { NOTIFICATIONS_PATTERNS } from '@platform/contracts';
import { PatternDoc } from '@platform/nest-kit';
import { NotificationsService } from './notifications.service.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @MessagePattern(NOTIFICATIONS_PATTERNS.list, Transport.TCP)
  @PatternDoc({ description: 'Notifications recorded for one payment, oldest first' })
  list(@Payload() query: ListNotificationsQuery) {
    return this.notifications.forPayment(query.paymentId);
  }
}
