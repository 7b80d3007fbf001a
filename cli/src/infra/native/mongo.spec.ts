import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { launcherDir, LAUNCHER_MAIN, mongoEngine, prepareMongo } from './mongo.js';
import type { ProjectPaths } from '../../stack/project.js';
import { findExecutable } from '../tools.js';

const temp = () => mkdtempSync(join(tmpdir(), 'mongo-spec-'));
const paths = (): ProjectPaths => {
  const root = temp();
  return {
    root,
    servicesDir: join(root, 'services'),
    stateDir: join(root, '.platform'),
    logsDir: join(root, '.platform/logs'),
    dataDir: join(root, '.platform/data'),
    cacheDir: temp(),
  };
};

afterEach(() => vi.unstubAllEnvs());

describe('mongoEngine', () => {
  it('is mongo-java-server, built into a cache folder named after its version and sources, when no mongod is on PATH', () => {
    vi.stubEnv('PATH', temp());
    const p = paths();
    const engine = mongoEngine(p.cacheDir);
    expect(engine).toMatchObject({ engine: 'mongo-java-server', label: 'mongo-java-server 1.47.0', installed: false });
    expect(engine.location).toMatch(new RegExp(`^${p.cacheDir}/mongo-java-server-1\\.47\\.0-[0-9a-f]{10}$`));
    expect(launcherDir(p.cacheDir)).toBe(engine.location);
  });

  it('prefers a mongod on PATH', () => {
    const bin = temp();
    writeFileSync(join(bin, 'mongod'), '#!/bin/sh\n');
    chmodSync(join(bin, 'mongod'), 0o755);
    vi.stubEnv('PATH', bin);
    expect(mongoEngine(temp())).toEqual({ engine: 'mongod', label: 'mongod', location: join(bin, 'mongod'), installed: true });
  });
});

describe('prepareMongo', () => {
  it('runs the launcher on 127.0.0.1 at the stack port with its data under .platform/data, and names the engine in the address', () => {
    vi.stubEnv('PATH', dirname(findExecutable('java')!)); // java only: no mongod to prefer
    const p = paths();
    const spec = prepareMongo(p, { kafka: 19092, kafkaController: 19093, mongo: 37017 });
    expect(spec.args).toContain(LAUNCHER_MAIN);
    expect(spec.args.slice(spec.args.indexOf(LAUNCHER_MAIN) + 1)).toEqual([
      '--port',
      '37017',
      '--data-dir',
      join(p.dataDir, 'mongo-java-server'),
    ]);
    expect(spec.address).toBe('127.0.0.1:37017 (mongo-java-server 1.47.0)');
    expect(spec.ports).toEqual([37017]);
  });
});
