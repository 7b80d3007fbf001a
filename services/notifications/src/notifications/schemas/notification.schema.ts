import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** One notification per payment event: `_id` is the event id, so a redelivered event records nothing new. */
@Schema({ collection: 'notifications', versionKey: false })
export class Notification {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) eventType!: string;
  @Prop({ required: true, index: true }) paymentId!: string;
  @Prop({ required: true }) merchantId!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) channel!: 'email';
  @Prop({ required: true }) text!: string;
  @Prop() correlationId?: string;
  @Prop({ required: true }) createdAt!: Date;
}
export const NotificationSchema = SchemaFactory.createForClass(Notification);
