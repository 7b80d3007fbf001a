import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Item } from './schemas/item.schema.js';

/** What callers see: `id` instead of Mongo's `_id`. */
export interface ItemView {
  id: string;
  name: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** The only code that touches the collection; handlers speak in ItemViews. */
@Injectable()
export class ItemsRepository {
  constructor(@InjectModel(Item.name) private readonly items: Model<Item>) {}

  /** Inserts or replaces by id: a retried save leaves one document. */
  async save(item: { id: string; name: string; data?: Record<string, unknown> }): Promise<ItemView> {
    const doc = await this.items
      .findOneAndUpdate({ _id: item.id }, { $set: { name: item.name, data: item.data ?? {} } }, { upsert: true, returnDocument: 'after' })
      .lean<Item>();
    return toView(doc!);
  }

  async findById(id: string): Promise<ItemView | undefined> {
    const doc = await this.items.findById(id).lean<Item>();
    return doc ? toView(doc) : undefined;
  }
}

function toView({ _id, name, data, createdAt, updatedAt }: Item): ItemView {
  return { id: _id, name, data: data ?? {}, createdAt, updatedAt };
}
