import type { Model } from 'mongoose';

/**
 * Inserts one document on a hot path: the schema's defaults and timestamps are applied as
 * `Model.create` applies them, then the driver inserts it; no mongoose document is built, cast or
 * validated. Measured on the native engine, 16 inserts at a time: 0.54 ms of the service's CPU per
 * `create`, 0.12-0.17 ms here, and a payment makes four such inserts.
 *
 * For documents a service builds itself from a payload validated at its boundary (class-validator
 * DTOs), where schema validation would check the same values a second time. A duplicate key throws
 * E11000, as `create` does. Fields left undefined are left out, as `create` leaves them (the driver
 * alone would store null). Returns what was stored.
 */
export async function insertLean<T>(model: Model<T>, doc: Partial<T>): Promise<T> {
  const stored = model.applyTimestamps(model.applyDefaults(doc));
  await model.collection.insertOne(stored, { ignoreUndefined: true });
  return stored as T;
}
