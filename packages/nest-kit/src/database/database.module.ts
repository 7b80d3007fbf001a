import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthRegistry } from '../health.js';

export const DEFAULT_MONGO_URL = 'mongodb://127.0.0.1:27017/platform';

/** Driver options from the environment the supervisor passes (MONGO_URL, optional MONGO_POOL_SIZE). */
export function mongoOptions(env: NodeJS.ProcessEnv = process.env) {
  const pool = Number(env.MONGO_POOL_SIZE);
  return {
    uri: env.MONGO_URL ?? DEFAULT_MONGO_URL,
    serverSelectionTimeoutMS: 5000,
    ...(Number.isInteger(pool) && pool > 0 ? { maxPoolSize: pool } : {}),
  };
}

/**
 * One mongoose connection to the stack's database, shared by the whole service (global), with
 * its ping registered as the `mongo` health check. Import it once in AppModule, then use
 * `MongooseModule.forFeature(...)` per feature as usual.
 */
@Global()
@Module({
  imports: [MongooseModule.forRootAsync({ useFactory: () => mongoOptions() })],
})
export class DatabaseModule implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit() {
    this.health.register('mongo', async () => {
      if (!this.connection.db) throw new Error('not connected');
      await this.connection.db.admin().ping();
    });
  }
}
