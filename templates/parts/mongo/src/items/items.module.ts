import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ItemsController } from './items.controller.js';
import { ItemsRepository } from './items.repository.js';
import { Item, ItemSchema } from './schemas/item.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Item.name, schema: ItemSchema }])],
  controllers: [ItemsController],
  providers: [ItemsRepository],
})
export class ItemsModule {}
