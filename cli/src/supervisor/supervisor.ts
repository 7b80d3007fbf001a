import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureTopics, kafkaAnswers, mongoAnswers, waitUntil } from '../infra/readiness.js';
import { serviceChild } from '../stack/service-child.js';
import { clearState, writeState, type StackState } from '../stack/state.js';
import { requestOnce, roundTrip } from '../transports/tcp/client.js';
import { ManagedProcess } from './managed-process.js';
import { infraTimeoutMs, type SupervisorPlan } from './plan.js';
import { instancePorts } from '../stack/ports.js';
import { startTelemetry, type Telemetry } from '../telemetry/supervised.js';

const HEALTH_INTERVAL_MS = 2000;

/**
 * The long-lived process behind `platform up`: owns every child, starts them in dependency order,
 * health-gates each level, restarts crashes, and answers the CLI on a loopback HTTP port.
 */
export class Supervisor {
  private readonly infra: ManagedProcess[] = [];
  private readonly services = new Map<string, ManagedProcess[]>();
  private server?: Server;
  private healthTimer?: NodeJS.Timeout;
  private stopping?: Promise<void>;
  private telemetry?: Telemetry;
  private readonly state: StackState;

  constructor(private readonly plan: SupervisorPlan) {
    this.state = {
      supervisorPid: process.pid,
      controlPort: 0,
      provider: plan.provider,
      phase: 'starting',
      startedAt: new Date().toISOString(),
      kafkaBrokers: plan.endpoints.kafkaBrokers,
      mongoUrl: plan.endpoints.mongoUrl,
      processes: [],
    };
  }

  async run(): Promise<void> {
    await this.listen();
    this.telemetry = await startTelemetry(this.plan.paths.stateDir, (msg) => this.log(msg));
    this.save();
    try {
      this.preloadServices();
      await this.startInfra();
      const created = await ensureTopics(this.plan.endpoints.kafkaBrokers, this.plan.topics);
      if (created.length) this.log(`created topics ${created.join(', ')}`);
      for (const level of this.plan.levels) {
        await Promise.all(level.map((name) => this.startService(name, 1)));
        this.log(`${level.join(', ')} healthy after ${this.elapsed()}`);
      }
      this.state.phase = 'ready';
      this.state.readyAt = new Date().toISOString();
      this.save();
      this.log(`stack is ready after ${this.elapsed()}`);
      this.healthTimer = setInterval(() => void this.checkHealth(), HEALTH_INTERVAL_MS);
    } catch (e) {
      this.state.phase = 'failed';
      this.state.error = (e as Error).message;
      this.save();
      this.log(`start failed: ${(e as Error).message}`);
      // Stay up so `platform up` can read the failure, then stop everything it started.
    }
  }

  private async startInfra() {
    const { kafkaBrokers, mongoUrl } = this.plan.endpoints;
    const checks: Record<string, () => Promise<void>> = {
      kafka: () => kafkaAnswers(kafkaBrokers),
      mongo: () => mongoAnswers(mongoUrl),
    };
    for (const spec of this.plan.infra) {
      this.infra.push(new ManagedProcess(spec, (p) => waitUntil(checks[spec.kind], infraTimeoutMs(this.plan.startTimeoutMs), 250, () => p.alive), () => this.save()));
    }
    this.syncProcesses();
    // External or docker infrastructure has no process here; check it answers all the same.
    const unmanaged = (['kafka', 'mongo'] as const).filter((k) => !this.plan.infra.some((s) => s.kind === k));
    await Promise.all([
      ...this.infra.map((p) =>
        p.start().then(
          () => this.log(`${p.spec.name} ready after ${this.elapsed()}`),
          (e) => { throw new Error(`${p.spec.name} did not become ready: ${e.message}`); },
        ),
      ),
      ...unmanaged.map((k) => waitUntil(checks[k], 60_000).catch((e) => { throw new Error(`${k} at ${k === 'kafka' ? kafkaBrokers.join(',') : mongoUrl} does not answer: ${e.message}`); })),
    ]);
  }

  /** Spawns every staged service now, so its code loads while Kafka starts; each starts later, in order. */
  private preloadServices() {
    for (const name of this.plan.levels.flat()) {
      const proc = this.newServiceProcess(name, 0);
      if (!proc.spec.staged) continue;
      this.services.set(name, [proc]);
      proc.preload();
    }
    this.syncProcesses();
  }

  private newServiceProcess(name: string, instance: number): ManagedProcess {
    const spec = this.plan.services.find((s) => s.name === name);
    if (!spec) throw new Error(`unknown service ${name}`);
    const child = serviceChild(spec, this.plan.services, this.plan.endpoints, this.plan.paths.logsDir, instance);
    return new ManagedProcess(child, (p) => waitUntil(() => this.probe(p), this.plan.startTimeoutMs, 200, () => p.alive), () => this.save());
  }

  /** Starts instances [0, count) of a service that are not running yet and waits for each to be healthy. */
  private async startService(name: string, count: number) {
    const procs = this.services.get(name) ?? [];
    this.services.set(name, procs);
    const started: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      if (procs[i] && procs[i].status.state !== 'pending') continue;
      procs[i] ??= this.newServiceProcess(name, i);
      this.syncProcesses();
      started.push(procs[i].start().catch((e) => { throw new Error(`service ${name}${i ? ` #${i}` : ''} did not become healthy: ${e.message}`); }));
    }
    await Promise.all(started);
  }

  private async probe(p: ManagedProcess) {
    const spec = this.plan.services.find((s) => s.name === p.spec.name)!;
    const port = instancePorts(spec, p.spec.instance).tcp;
    if (spec.health === 'round-trip') return roundTrip('127.0.0.1', port, 1500);
    const reply = (await requestOnce('127.0.0.1', port, 'platform.health', {}, 1500)) as { status?: string; checks?: Record<string, string> };
    if (reply?.status !== 'ok') throw new Error(`health is ${reply?.status ?? 'unknown'}: ${JSON.stringify(reply?.checks ?? {})}`);
  }

  private async checkHealth() {
    for (const procs of this.services.values()) {
      for (const p of procs) {
        if (p.status.state !== 'healthy' && p.status.state !== 'unhealthy') continue;
        try {
          await this.probe(p);
          p.markHealthy();
        } catch (e) {
          p.markUnhealthy((e as Error).message);
        }
      }
    }
  }

  async scale(name: string, count: number) {
    const procs = this.services.get(name);
    if (!procs) throw new Error(`service ${name} is not running in this stack`);
    if (count > procs.length) await this.startService(name, count);
    while (procs.length > count) await procs.pop()!.stop();
    this.syncProcesses();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.state.phase = 'stopping';
      this.save();
      clearInterval(this.healthTimer);
      const levels = this.plan.levels.slice().reverse();
      for (const level of levels) {
        await Promise.all(level.flatMap((n) => (this.services.get(n) ?? []).map((p) => p.stop())));
      }
      await Promise.all(this.infra.map((p) => p.stop(15_000)));
      await this.telemetry?.close();
      clearState(this.plan.paths.stateDir);
      this.server?.close();
    })();
    return this.stopping;
  }

  private all(): ManagedProcess[] {
    return [...this.infra, ...[...this.services.values()].flat()];
  }

  private find(name: string, instance?: number): ManagedProcess[] {
    const found = this.all().filter((p) => p.spec.name === name && (instance === undefined || p.spec.instance === instance));
    if (!found.length) throw new Error(`no process named ${name}${instance !== undefined ? ` #${instance}` : ''} in this stack`);
    return found;
  }

  private syncProcesses() {
    this.state.processes = this.all().map((p) => p.status);
    this.save();
  }

  private save() {
    if (this.stopping && this.state.phase !== 'stopping') return;
    this.state.processes = this.all().map((p) => p.status);
    writeState(this.plan.paths.stateDir, this.state);
  }

  private elapsed(): string {
    return `${((Date.now() - Date.parse(this.state.startedAt)) / 1000).toFixed(1)} s`;
  }

  private log(msg: string) {
    process.stdout.write(`${new Date().toISOString()} supervisor: ${msg}\n`);
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    return new Promise((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => {
        this.state.controlPort = (this.server!.address() as AddressInfo).port;
        resolve();
      }),
    );
  }

  /** The control API the CLI uses: status, stop, kill (a crash on purpose), restart, scale. */
  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = url.searchParams.get('name') ?? '';
    const instance = url.searchParams.has('instance') ? Number(url.searchParams.get('instance')) : undefined;
    const reply = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'GET' && url.pathname === '/status') return reply(200, this.state);
      if (req.method !== 'POST') return reply(404, { error: 'not found' });
      switch (url.pathname) {
        case '/stop':
          reply(202, { stopping: true });
          await this.stop();
          return process.exit(0);
        case '/kill':
          this.find(name, instance).forEach((p) => p.crash());
          return reply(200, { killed: name });
        case '/restart':
          await Promise.all(this.find(name, instance).map(async (p) => { await p.stop(); await p.start(); }));
          return reply(200, { restarted: name });
        case '/scale':
          await this.scale(name, Number(url.searchParams.get('count')));
          return reply(200, { scaled: name, count: Number(url.searchParams.get('count')) });
        default:
          return reply(404, { error: 'not found' });
      }
    } catch (e) {
      reply(400, { error: (e as Error).message });
    }
  }
}
