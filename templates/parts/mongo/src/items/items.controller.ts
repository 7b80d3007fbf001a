import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc, rpcError } from '@platform/nest-kit';
import { COLLECTION, GET_ITEM_PATTERN, SAVE_ITEM_PATTERN } from './items.constants.js';
import { ItemsRepository } from './items.repository.js';
import { GetItemDto } from './dto/get-item.dto.js';
import { SaveItemDto } from './dto/save-item.dto.js';

@Controller()
export class ItemsController {
  constructor(private readonly items: ItemsRepository) {}

  @MessagePattern(SAVE_ITEM_PATTERN, Transport.TCP)
  @PatternDoc({ description: `Saves an item in the ${COLLECTION} collection (same id: replaced)` })
  save(@Payload() dto: SaveItemDto) {
    return this.items.save(dto);
  }

  @MessagePattern(GET_ITEM_PATTERN, Transport.TCP)
  @PatternDoc({ description: `Reads an item from the ${COLLECTION} collection` })
  async get(@Payload() dto: GetItemDto) {
    const item = await this.items.findById(dto.id);
    if (!item) throw rpcError('NOT_FOUND', `no item with id ${dto.id}`);
    return item;
  }
}
