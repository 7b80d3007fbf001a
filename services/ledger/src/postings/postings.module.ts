import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Posting, PostingSchema } from './schemas/posting.schema.js';
import { PostingsService } from './postings.service.js';
import { PostingsController } from './postings.controller.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Posting.name, schema: PostingSchema }])],
  controllers: [PostingsController],
  providers: [PostingsService],
  exports: [PostingsService],
})
export class PostingsModule {}
