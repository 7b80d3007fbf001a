import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { COLLECTION } from '../items.constants.js';

@Schema({ collection: COLLECTION, versionKey: false, timestamps: true })
export class Item {
  /** The caller's id, so saving the same item twice updates it instead of adding a copy. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: Object, default: {} }) data!: Record<string, unknown>;
  createdAt!: Date;
  updatedAt!: Date;
}
export const ItemSchema = SchemaFactory.createForClass(Item);
