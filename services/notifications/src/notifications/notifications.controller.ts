import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { NotificationsService } from './notifications.service.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @MessagePattern('notifications.list', Transport.TCP)
  @PatternDoc({ description: 'Notifications recorded for one payment, oldest first' })
  list(@Payload() query: ListNotificationsQuery) {
    return this.notifications.forPayment(query.paymentId);
  }
}
