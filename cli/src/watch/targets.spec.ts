import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBuildInput, planRebuild, withFolderContents, type WatchUnit } from './targets.js';

const unit = (name: string, kind: WatchUnit['kind'], uses: string[] = []): WatchUnit => ({
  name,
  kind,
  dir: `/p/${kind === 'service' ? 'services' : 'packages'}/${name}`,
  packageName: `@platform/${name}`,
  uses,
});
const kit = unit('nest-kit', 'library');
const extra = unit('extra', 'library', ['@platform/nest-kit']);
const payments = unit('payments', 'service', ['@platform/nest-kit']);
const gateway = unit('gateway', 'service', ['@platform/nest-kit']);
const legacy = unit('legacy', 'service');
const units = [extra, kit, payments, gateway, legacy];
const names = (us: WatchUnit[]) => us.map((u) => u.name);

describe('planRebuild', () => {
  it('rebuilds and restarts only the service whose source changed, not the services calling it', () => {
    const plan = planRebuild(['/p/services/payments/src/payments/payments.controller.ts', '/p/services/payments/src/main.ts'], units);
    expect(names(plan.libraries)).toEqual([]);
    expect(names(plan.services)).toEqual(['payments']);
    expect(names(plan.restart)).toEqual(['payments']);
    expect(plan.files.get(payments)).toEqual(['src/payments/payments.controller.ts', 'src/main.ts']);
  });

  it('rebuilds a changed library and the libraries using it, in order, and restarts the services using either', () => {
    const plan = planRebuild(['/p/packages/nest-kit/src/health.ts'], units);
    expect(names(plan.libraries)).toEqual(['nest-kit', 'extra']);
    expect(names(plan.services)).toEqual([]);
    expect(names(plan.restart)).toEqual(['payments', 'gateway']);
  });

  it('counts one file saved many times once, and ignores specs, dist and editor files', () => {
    const plan = planRebuild(
      [
        '/p/services/gateway/src/app.module.ts',
        '/p/services/gateway/src/app.module.ts',
        '/p/services/gateway/src/app.spec.ts',
        '/p/services/legacy/dist/main.js',
        '/p/services/legacy/src/.main.ts.swp',
        '/p/services/legacy/src/main.ts~',
        '/elsewhere/src/x.ts',
      ],
      units,
    );
    expect(names(plan.restart)).toEqual(['gateway']);
    expect(plan.files.get(gateway)).toEqual(['src/app.module.ts']);
  });

  it('plans nothing for changes outside every src/', () => {
    expect(planRebuild(['/p/services/payments/package.json', '/p/README.md'], units)).toMatchObject({
      libraries: [],
      services: [],
      restart: [],
    });
  });
});

describe('isBuildInput', () => {
  it('takes src/ and what is under it', () => {
    expect(isBuildInput('src')).toBe(true);
    expect(isBuildInput('src/a/b.ts')).toBe(true);
    expect(isBuildInput('src/a/b.spec.ts')).toBe(false);
    expect(isBuildInput('test/a.e2e.test.ts')).toBe(false);
    expect(isBuildInput('src/4913')).toBe(false);
  });
});

describe('withFolderContents', () => {
  it("replaces a folder that appeared with the files under it, and leaves files and a unit's src/ as they are", () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-folder-'));
    try {
      const svc: WatchUnit = { ...payments, dir };
      const orders = join(dir, 'src', 'orders');
      mkdirSync(join(orders, 'dto'), { recursive: true });
      mkdirSync(join(dir, 'src', 'empty'));
      for (const f of ['orders.module.ts', 'orders.service.ts', 'dto/create-order.dto.ts']) writeFileSync(join(orders, f), '');
      const changed = [orders, join(orders, 'orders.module.ts'), join(dir, 'src', 'empty'), join(dir, 'src'), join(dir, 'src', 'gone')];
      expect(withFolderContents(changed, [svc]).sort()).toEqual(
        [
          join(orders, 'orders.module.ts'),
          join(orders, 'orders.module.ts'),
          join(orders, 'orders.service.ts'),
          join(orders, 'dto', 'create-order.dto.ts'),
          join(dir, 'src'),
          join(dir, 'src', 'gone'),
        ].sort(),
      );
      expect(planRebuild(withFolderContents(changed, [svc]), [svc]).files.get(svc)).toHaveLength(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
