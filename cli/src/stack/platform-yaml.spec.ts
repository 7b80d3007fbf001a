import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverServices } from './services.js';
import { serviceChild } from './service-child.js';

function repo(yaml: string, packages: Record<string, unknown> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'platform-yaml-'));
  writeFileSync(join(root, 'platform.yaml'), yaml);
  for (const [name, pkg] of Object.entries(packages)) {
    mkdirSync(join(root, 'services', name), { recursive: true });
    writeFileSync(join(root, 'services', name, 'package.json'), JSON.stringify(pkg));
  }
  return root;
}

const ORDERS = `services:
  orders:
    entry: apps/orders/src/main.ts
    build: npx nest build orders
    start: dist/apps/orders/main.js
    tcpPort: 3001
    transports: [kafka]
    consumes: [orders.created]
    env: { PORT: "{tcpPort}", BROKERS: "{kafkaBrokers}", MODE: plain }
`;

describe('platform.yaml services', () => {
  it('are discovered beside services/ packages, run from the root with their own build and start', () => {
    const root = repo(ORDERS, { ledger: { platform: { tcpPort: 4002 } } });
    const specs = discoverServices(join(root, 'services'));
    expect(specs.map((s) => s.name)).toEqual(['ledger', 'orders']);
    const orders = specs[1];
    expect(orders).toMatchObject({
      dir: root,
      entry: join(root, 'apps/orders/src/main.ts'),
      build: 'npx nest build orders',
      start: 'dist/apps/orders/main.js',
      health: 'round-trip',
      staged: false,
      transports: ['tcp', 'kafka'],
    });
    expect(specs[0].build).toBeUndefined();
    expect(specs[0]).toMatchObject({ start: 'dist/main.js', entry: join(root, 'services/ledger/src/main.ts') });
  });

  it('maps env vars to what the code reads, per instance', () => {
    const root = repo(ORDERS);
    const [orders] = discoverServices(join(root, 'services'));
    const child = serviceChild(orders, [orders], { kafkaBrokers: ['127.0.0.1:9092'], mongoUrl: 'mongodb://127.0.0.1:27017/x' }, '/logs', 1);
    expect(child).toMatchObject({ cwd: root, args: ['--enable-source-maps', 'dist/apps/orders/main.js'] });
    expect(child.env).toMatchObject({
      PORT: String(orders.tcpPort + 100 + Number(process.env.PLATFORM_PORT_OFFSET ?? 0)),
      BROKERS: '127.0.0.1:9092',
      MODE: 'plain',
    });
  });

  it('refuses a port left as a TODO by init, naming the file and field', () => {
    const root = repo(ORDERS.replace('tcpPort: 3001', 'tcpPort: "TODO: computed at run time in apps/orders/src/main.ts"'));
    expect(() => discoverServices(join(root, 'services'))).toThrow(
      /platform\.yaml services\.orders: "tcpPort" is still a TODO \(TODO: computed at run time in apps\/orders\/src\/main\.ts\)/,
    );
  });

  it('refuses two services on one port', () => {
    const root = repo(ORDERS, { ledger: { platform: { tcpPort: 3001 } } });
    expect(() => discoverServices(join(root, 'services'))).toThrow(/ledger and orders both declare port 3001/);
  });

  it('refuses unknown env placeholders and missing paths', () => {
    expect(() => discoverServices(join(repo(ORDERS.replace('{kafkaBrokers}', '{brokers}')), 'services'))).toThrow(
      /env BROKERS: unknown placeholder \{brokers\}/,
    );
    expect(() => discoverServices(join(repo(ORDERS.replace('    start: dist/apps/orders/main.js\n', '')), 'services'))).toThrow(
      /services\.orders: "start" must be a path/,
    );
  });
});
