import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DocumentLocks, HealthRegistry } from '@platform/nest-kit';

export const DEFAULT_MONGO_URL = 'mongodb://127.0.0.1:27017/platform';
/** Per-document locks (see DocumentLocks: FerretDB 1.24 updates are not atomic). */
export const LOCKS_COLLECTION = 'payments_locks';

/** One connection to the stack's database (MONGO_URL); its ping is part of `platform.health`. */
@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      // A few connections only: FerretDB (SQLite) has one writer, and writers beyond it wait in
      // SQLite's busy handler, which sleeps in growing steps (up to 100 ms each); queueing in the
      // driver instead is first come, first served, and measured faster (services/README.md).
      useFactory: () => ({ uri: process.env.MONGO_URL ?? DEFAULT_MONGO_URL, serverSelectionTimeoutMS: 5000, maxPoolSize: Number(process.env.MONGO_POOL_SIZE ?? 4) }),
    }),
  ],
  providers: [
    { provide: DocumentLocks, inject: [getConnectionToken()], useFactory: (connection: Connection) => new DocumentLocks(connection.collection(LOCKS_COLLECTION) as never) },
  ],
  exports: [DocumentLocks],
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
