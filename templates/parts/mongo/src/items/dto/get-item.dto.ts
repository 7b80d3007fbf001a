import { Matches } from 'class-validator';
import { ITEM_ID } from './save-item.dto.js';

export class GetItemDto {
  static readonly example = { id: 'item-1' };

  @Matches(ITEM_ID, { message: 'id must be 1-100 letters, digits or _.:-' })
  id!: string;
}
