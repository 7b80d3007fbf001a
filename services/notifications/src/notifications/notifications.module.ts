import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Notification, NotificationSchema } from './schemas/notification.schema.js';
import { NotificationsService } from './notifications.service.js';
import { NotificationsController } from './notifications.controller.js';
import { CONSUMER_GROUPS, TOPICS } from '@platform/contracts';
import { eventConsumer } from '@platform/nest-kit';
import { PaymentEventDto } from './dto/payment-event.dto.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Notification.name, schema: NotificationSchema }])],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    eventConsumer({
      topic: TOPICS.paymentsEvents,
      groupId: CONSUMER_GROUPS.notifications,
      dto: PaymentEventDto,
      handler: NotificationsService,
    }),
  ],
})
export class NotificationsModule {}
