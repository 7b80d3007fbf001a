import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPaths } from '../stack/project.js';
import { watchUnits } from './dev-loop.js';

const root = mkdtempSync(join(tmpdir(), 'watch-units-'));
const pkg = (dir: string, json: Record<string, unknown>) => {
  mkdirSync(join(root, dir, 'src'), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(json));
};
pkg('packages/kit', { name: '@acme/kit', dependencies: { rxjs: '*' } });
pkg('packages/extra', { name: '@acme/extra', dependencies: { '@acme/kit': '*' } });
pkg('services/orders', { name: '@acme/orders', platform: { tcpPort: 4000 }, dependencies: { '@acme/kit': '*', rxjs: '*' } });
pkg('services/legacy', { name: '@acme/legacy', platform: { tcpPort: 4001 } });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('watchUnits', () => {
  it('lists the libraries under packages/ and the services, each with the workspace libraries it depends on', () => {
    const units = watchUnits(projectPaths(root)).map((u) => ({ name: u.name, kind: u.kind, packageName: u.packageName, uses: u.uses }));
    expect(units).toEqual(
      expect.arrayContaining([
        { name: 'kit', kind: 'library', packageName: '@acme/kit', uses: [] },
        { name: 'extra', kind: 'library', packageName: '@acme/extra', uses: ['@acme/kit'] },
        { name: 'orders', kind: 'service', packageName: '@acme/orders', uses: ['@acme/kit'] },
        { name: 'legacy', kind: 'service', packageName: '@acme/legacy', uses: [] },
      ]),
    );
    expect(units).toHaveLength(4);
  });
});
