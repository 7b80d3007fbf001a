import { IsString, Length } from 'class-validator';

export class GreetDto {
  static readonly example = { name: 'Ada' };

  @IsString()
  @Length(1, 100)
  name!: string;
}
