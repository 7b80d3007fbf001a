import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUS_FOR_CODE } from '@platform/nest-kit';

/** Response shapes of the gateway, for /openapi.json. The services build them; these only describe them. */

export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ enum: Object.keys(STATUS_FOR_CODE), example: 'VALIDATION' }) code!: string;
  @ApiProperty({ example: 'invalid payload: amount' }) message!: string;
  @ApiPropertyOptional({
    description: 'Per field (or header) what is wrong',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { amount: ['amount must be an integer number'] },
  })
  fields?: Record<string, string[]>;
  @ApiProperty({ example: '4f7e1f9c-0a4b-4a59-9a49-2f3b5d8e1c11' }) correlationId!: string;
}

export class RefundView {
  @ApiProperty({ example: 're_Q2p9Zx1LmN8bVt4c' }) id!: string;
  @ApiProperty({ description: 'Minor units', example: 500 }) amount!: number;
  @ApiPropertyOptional({ example: 'damaged item' }) reason?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class PaymentFailure {
  @ApiProperty({ enum: ['INSUFFICIENT_FUNDS', 'UNKNOWN_CUSTOMER', 'UNKNOWN_PAYMENT_METHOD', 'PAYMENT_METHOD_EXPIRED'] }) code!: string;
  @ApiProperty() reason!: string;
}

export class PaymentView {
  @ApiProperty({ example: 'pay_3kTMd9aQx0b1Vf2H' }) id!: string;
  @ApiProperty({ example: 'm_acme' }) merchantId!: string;
  @ApiProperty({ example: 'cus_alice' }) customerId!: string;
  @ApiProperty({ example: 'pm_alice_visa' }) paymentMethodId!: string;
  @ApiProperty({ description: 'Minor units', example: 2500 }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: ['captured', 'failed', 'partially_refunded', 'refunded'] }) status!: string;
  @ApiProperty({ example: 0 }) refundedAmount!: number;
  @ApiProperty({ type: [RefundView] }) refunds!: RefundView[];
  @ApiPropertyOptional({ type: PaymentFailure }) failure?: PaymentFailure;
  @ApiPropertyOptional({ example: 'Order 1001' }) description?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

/** A payment that was recorded as failed (402, or 404 for an unknown customer or payment method). */
export class PaymentFailedBody {
  @ApiProperty({ enum: ['INSUFFICIENT_FUNDS', 'UNKNOWN_CUSTOMER', 'UNKNOWN_PAYMENT_METHOD', 'PAYMENT_METHOD_EXPIRED'] }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: PaymentView }) payment!: PaymentView;
}

export class RefundResult {
  @ApiProperty({ type: RefundView }) refund!: RefundView;
  @ApiProperty({ type: PaymentView }) payment!: PaymentView;
}

export class FundsView {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: 1000000 }) posted!: number;
  @ApiProperty({ example: 0 }) held!: number;
  @ApiProperty({ example: 1000000 }) available!: number;
}

export class BalanceView {
  @ApiProperty({ example: 'cus_alice' }) accountId!: string;
  @ApiPropertyOptional({ example: 'customer' }) kind?: string;
  @ApiProperty({ type: [FundsView] }) balances!: FundsView[];
}

export class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: string;
  @ApiProperty({ example: 'gateway' }) service!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) checks!: Record<string, unknown>;
}
