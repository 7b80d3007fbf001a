import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthRegistry } from '@platform/nest-kit';

export const DEFAULT_MONGO_URL = 'mongodb://127.0.0.1:27017/platform';

/** One connection to the stack's database (MONGO_URL); its ping is part of `platform.health`. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      useFactory: () => ({ uri: process.env.MONGO_URL ?? DEFAULT_MONGO_URL, serverSelectionTimeoutMS: 5000 }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection, private readonly health: HealthRegistry) {}

  onModuleInit() {
    this.health.register('mongo', async () => {
      if (!this.connection.db) throw new Error('not connected');
      await this.connection.db.admin().ping();
    });
  }
}
