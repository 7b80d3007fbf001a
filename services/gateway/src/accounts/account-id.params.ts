import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class AccountIdParams {
  @ApiProperty({
    description: 'A customer of yours, or your own merchant account',
    pattern: '^[a-z]+[_:][A-Za-z0-9_:-]{1,60}$',
    example: 'cus_alice',
  })
  @Matches(/^[a-z]+[_:][A-Za-z0-9_:-]{1,60}$/, { message: 'id must be an account id such as cus_alice or m_acme' })
  id!: string;
}
