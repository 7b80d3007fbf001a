import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

export const ITEM_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export class SaveItemDto {
  static readonly example = { id: 'item-1', name: 'First item', data: { colour: 'blue' } };

  @Matches(ITEM_ID, { message: 'id must be 1-100 letters, digits or _.:-' })
  id!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
