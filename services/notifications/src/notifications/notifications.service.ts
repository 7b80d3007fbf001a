import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { currentCorrelationId } from '@platform/nest-kit';
import { Notification } from './schemas/notification.schema.js';
import { notificationText } from './notification-text.js';
import type { PaymentEventDto } from './dto/payment-event.dto.js';

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(@InjectModel(Notification.name) private readonly notifications: Model<Notification>) {}

  /** Records the notification once per event id; returns false for a duplicate delivery. */
  async record(event: PaymentEventDto): Promise<boolean> {
    try {
      await this.notifications.create({
        _id: event.eventId,
        eventType: event.type,
        paymentId: event.paymentId,
        merchantId: event.merchantId,
        customerId: event.customerId,
        channel: 'email',
        text: notificationText(event),
        correlationId: currentCorrelationId(),
        createdAt: new Date(),
      });
      this.logger.log({ msg: 'notification recorded', eventId: event.eventId, eventType: event.type, paymentId: event.paymentId });
      return true;
    } catch (e) {
      if ((e as { code?: number }).code !== 11000) throw e;
      this.logger.log({ msg: 'duplicate event ignored', eventId: event.eventId, paymentId: event.paymentId });
      return false;
    }
  }

  forPayment(paymentId: string) {
    return this.notifications.find({ paymentId }).sort({ createdAt: 1 }).lean();
  }
}
