import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { ItemsController } from './items.controller.js';
import { ItemsRepository, type ItemView } from './items.repository.js';

/** An in-memory stand-in for the repository; the real one is exercised by test/items.e2e.test.ts. */
class FakeItemsRepository {
  readonly saved = new Map<string, ItemView>();
  async save(item: { id: string; name: string; data?: Record<string, unknown> }): Promise<ItemView> {
    const now = new Date();
    const view = { id: item.id, name: item.name, data: item.data ?? {}, createdAt: this.saved.get(item.id)?.createdAt ?? now, updatedAt: now };
    this.saved.set(item.id, view);
    return view;
  }
  async findById(id: string) {
    return this.saved.get(id);
  }
}

async function controller() {
  const moduleRef = await Test.createTestingModule({
    controllers: [ItemsController],
    providers: [{ provide: ItemsRepository, useClass: FakeItemsRepository }],
  }).compile();
  return moduleRef.get(ItemsController);
}

describe('ItemsController', () => {
  it('saves an item and reads it back', async () => {
    const items = await controller();
    await items.save({ id: 'a', name: 'A' });
    expect(await items.get({ id: 'a' })).toMatchObject({ id: 'a', name: 'A', data: {} });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const items = await controller();
    await expect(items.get({ id: 'missing' })).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
