import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, platform, ROOT } from './proc.mjs';

export const WORK = join(ROOT, 'bench', '.work');
/** The bench's own ports and state, far from a developer's stack (offset 0) and the e2e lane's. */
export const DEFAULT_OFFSET = 18000;

/**
 * Which project the bench starts: the repository itself once its services have sources, else a
 * throwaway project holding `platform generate service echo` (a TCP service), so the harness and
 * the benchmarks that need only Kafka, the database and one NestJS service work before then.
 */
export function resolveProject(choice) {
  if (choice && choice !== 'auto') {
    if (choice === 'repo') return { dir: ROOT, kind: 'repo' };
    if (choice === 'template') return { dir: templateProject(), kind: 'template' };
    return { dir: choice, kind: 'custom' };
  }
  const gateway = join(ROOT, 'services', 'gateway', 'src', 'main.ts');
  return existsSync(gateway) ? { dir: ROOT, kind: 'repo' } : { dir: templateProject(), kind: 'template' };
}

function templateProject() {
  const dir = join(WORK, 'project');
  const svc = join(dir, 'services', 'echo');
  // Regenerated when the generator changes: the service is what `platform generate service` makes.
  const stamp = join(dir, '.generated-by');
  const version = String(statSync(join(ROOT, 'cli', 'dist', 'generate', 'service-plan.js')).mtimeMs);
  if (existsSync(join(svc, 'package.json')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'services'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-project', private: true, workspaces: ['services/*'] }, null, 2));
  execFileSync(
    process.execPath,
    [BIN, 'g', 'service', 'echo', '--transport', 'tcp', '--port', '4100', '--no-http', '--no-mongo', '--yes', '--no-install', '--no-build'],
    { cwd: dir, env: { ...process.env, PLATFORM_ROOT: dir }, stdio: 'ignore' },
  );
  // Unit tests stay out (the unit lane globs bench/**); benchmarks that need Kafka and the database start them.
  rmSync(join(svc, 'test'), { recursive: true, force: true });
  const pkg = JSON.parse(readFileSync(join(svc, 'package.json'), 'utf8'));
  pkg.platform = { ...pkg.platform, dependsOn: ['kafka', 'mongo'] };
  writeFileSync(join(svc, 'package.json'), JSON.stringify(pkg, null, 2));
  writeFileSync(stamp, version);
  return dir;
}

/** The stack the benchmarks talk to: its env, and `up`/`down` through the real CLI. */
export class BenchStack {
  constructor({ useRunning, offset, stateDir, project }) {
    this.useRunning = useRunning;
    this.project = project;
    this.offset = offset;
    this.env = { PLATFORM_PORT_OFFSET: String(offset), PLATFORM_STATE_DIR: stateDir };
    this.startedByUs = false;
    this.state = undefined;
  }

  run(args, opts = {}) {
    return platform(args, { cwd: this.project.dir, ...opts, env: { ...this.env, ...opts.env } });
  }

  async status() {
    const r = await this.run(['status', '--json'], { okCodes: [0, 1, 3] });
    if (r.code !== 0) return undefined;
    return JSON.parse(r.stdout);
  }

  /** Makes sure the stack is up and healthy; returns its state (brokers, mongo URL, processes). */
  async ensureUp(log) {
    let state = await this.status();
    if (!state || state.phase !== 'ready') {
      if (this.useRunning)
        throw new Error(
          `no ready stack at PLATFORM_STATE_DIR=${this.env.PLATFORM_STATE_DIR} (--use-running); start it with \`platform up\``,
        );
      // From empty data: payments left by earlier runs make every scan longer and every snapshot
      // bigger, so figures from a stack that has been benched before would drift downwards.
      log(`starting the bench stack (PLATFORM_PORT_OFFSET=${this.offset}) in ${this.project.dir}, from empty data`);
      await this.run(['down', '--volumes'], { okCodes: [0, 3], timeoutMs: 120_000 });
      await this.run(['up', '--json'], { timeoutMs: 900_000 });
      this.startedByUs = true;
      state = await this.status();
    }
    this.state = state;
    return state;
  }

  async down() {
    if (this.useRunning) return;
    await this.run(['down'], { okCodes: [0, 3], timeoutMs: 120_000 }).catch(() => {});
    this.startedByUs = false;
    this.state = undefined;
  }

  get kafkaBrokers() {
    return this.state?.kafkaBrokers ?? [`127.0.0.1:${9092 + this.offset}`];
  }

  get mongoUrl() {
    return this.state?.mongoUrl ?? `mongodb://127.0.0.1:${27017 + this.offset}/platform`;
  }

  /** A service's port as this stack runs it (instance 0). */
  servicePort(name, kind = 'tcp') {
    const p = this.state?.processes.find((x) => x.name === name && x.instance === 0);
    if (!p) return undefined;
    const ports = [...p.address.matchAll(/:(\d+)/g)].map((m) => Number(m[1]));
    return kind === 'tcp' ? ports[0] : ports[1];
  }
}
