import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { currentCorrelationId, type EventHandler } from '@platform/nest-kit';
import { insertLean, insertOnce } from '@platform/nest-kit/database';
import { Notification } from './schemas/notification.schema.js';
import { notificationText } from './notification-text.js';
import type { PaymentEventDto } from './dto/payment-event.dto.js';

@Injectable()
export class NotificationsService implements EventHandler<PaymentEventDto> {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(@InjectModel(Notification.name) private readonly notifications: Model<Notification>) {}

  /** Consumed from payments.events: one notification per event id, a redelivery is one refused insert (E11000). */
  async handle(event: PaymentEventDto): Promise<void> {
    await this.record(event);
  }

  /** Records the notification once per event id; returns false for a duplicate delivery. */
  async record(event: PaymentEventDto): Promise<boolean> {
    const recorded = await insertOnce(() =>
      insertLean(this.notifications, {
        _id: event.eventId,
        eventType: event.type,
        paymentId: event.paymentId,
        merchantId: event.merchantId,
        customerId: event.customerId,
        channel: 'email',
        text: notificationText(event),
        correlationId: currentCorrelationId(),
        createdAt: new Date(),
      }),
    );
    if (recorded)
      this.logger.log({ msg: 'notification recorded', eventId: event.eventId, eventType: event.type, paymentId: event.paymentId });
    else this.logger.log({ msg: 'duplicate event ignored', eventId: event.eventId, paymentId: event.paymentId });
    return recorded;
  }

  forPayment(paymentId: string) {
    return this.notifications.find({ paymentId }).sort({ createdAt: 1 }).lean();
  }
}
