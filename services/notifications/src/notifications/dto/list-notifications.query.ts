import { Matches } from 'class-validator';

export class ListNotificationsQuery {
  static example = { paymentId: 'pay_3kTMd9aQx0b1Vf2H' };
  @Matches(/^pay_[A-Za-z0-9_-]{1,60}$/) paymentId!: string;
}
