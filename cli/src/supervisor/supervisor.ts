import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { kafkaAnswers, kafkaGroupStable, mongoAnswers, waitUntil } from '../infra/readiness.js';
import { planStart } from '../stack/plan.js';
import { dashboardPort, instancePorts, portOffset } from '../stack/ports.js';
import { startTelemetry, type Telemetry } from '../telemetry/supervised.js';
import { infraEndpoint, serviceChild } from '../stack/service-child.js';
import { declaredTopics, discoverServices } from '../stack/services.js';
import { type ServiceSpec } from '../stack/declaration.js';
import { clearState, writeState, type ProcessStatus, type StackState } from '../stack/state.js';
import { requestOnce, roundTrip } from '../transports/tcp/client.js';
import {
  ControlRequestError,
  NotConvergedError,
  serveControl,
  type DesiredChange,
  type SupervisorControl,
  type Target,
} from './control-server.js';
import { convergeSteps, type ConvergeStep } from './convergence.js';
import { connectReason } from './connect-reason.js';
import { ManagedProcess } from './managed-process.js';
import { logMaxBytes, rotateIfLarge } from './log-rotation.js';
import { infraTimeoutMs, type SupervisorPlan } from './plan.js';

/** How soon a service whose topics could not be created is tried again. */
const TOPICS_RETRY_MS = 2000;
const HEALTH_INTERVAL_MS = 2000;
const MAX_INSTANCES = 9;
const INFRA_KINDS = ['kafka', 'mongo'] as const;

/**
 * The long-lived process behind `platform up`. It keeps the desired state (instances per service)
 * and converges the processes to it: an instance starts once its dependencies are healthy, waits
 * with their reason otherwise, restarts when it crashes and is failed when it keeps crashing.
 * `up`, `scale`, `restart`, `reset`, demos and the dashboard change the desired state through the
 * control API (control-server.ts).
 */
export class Supervisor implements SupervisorControl {
  private readonly infra: ManagedProcess[] = [];
  /** Kafka or a database this stack uses but does not run (docker, external): probed, not owned. */
  private readonly outside: ProcessStatus[] = [];
  private readonly services = new Map<string, ManagedProcess[]>();
  private specs: ServiceSpec[];
  private readonly topicsCreated = new Set<string>();
  private server?: Server;
  private healthTimer?: NodeJS.Timeout;
  private convergeQueued = false;
  private stopping?: Promise<void>;
  private telemetry?: Telemetry;
  /** Stopped and its state file removed: nothing writes it again. */
  private closed = false;
  private readonly state: StackState;
  private readonly logMaxBytes = logMaxBytes();

  constructor(private readonly plan: SupervisorPlan) {
    this.specs = plan.services;
    this.state = {
      supervisorPid: process.pid,
      controlPort: 0,
      controlToken: randomBytes(24).toString('hex'),
      provider: plan.provider,
      phase: 'starting',
      startedAt: new Date().toISOString(),
      kafkaBrokers: plan.endpoints.kafkaBrokers,
      mongoUrl: plan.endpoints.mongoUrl,
      portOffset: portOffset(),
      desired: Object.fromEntries(plan.levels.flat().map((n) => [n, 1])),
      processes: [],
    };
  }

  async run(): Promise<void> {
    const { server, port } = await serveControl(this, this.state.controlToken);
    this.server = server;
    this.state.controlPort = port;
    this.telemetry = await startTelemetry(this.plan.paths.stateDir, (msg) => this.log(msg));
    // The dashboard's code loads only here, in the supervisor: never on the CLI's start-up path.
    const { startDashboard } = await import('../dashboard/server.js');
    this.state.dashboard = await startDashboard({
      paths: this.plan.paths,
      port: dashboardPort(),
      spans: this.telemetry?.store,
      log: (m) => this.log(m),
    });
    this.startInfra();
    this.preloadServices();
    this.healthTimer = setInterval(() => void this.tick(), HEALTH_INTERVAL_MS);
    this.converge();
  }

  status(): StackState {
    return this.state;
  }

  spans() {
    return this.telemetry?.store;
  }

  async setDesired({ instances, retry, wait }: DesiredChange): Promise<Record<string, number>> {
    const unknown = Object.keys(instances).filter((n) => !this.spec(n));
    if (unknown.length) this.discoverNewServices();
    for (const [name, count] of Object.entries(instances)) {
      if (!this.spec(name))
        throw new ControlRequestError(`unknown service "${name}" (services: ${this.specs.map((s) => s.name).join(', ')})`);
      if (count > MAX_INSTANCES)
        throw new ControlRequestError(`${name}=${count}: at most ${MAX_INSTANCES} instances (instance n listens on its ports + 100*n)`);
    }
    Object.assign(this.state.desired, instances);
    if (retry) this.infra.filter((p) => p.status.state === 'failed').forEach((p) => void p.start().catch(() => {}));
    this.log(
      `desired: ${Object.entries(instances)
        .map(([n, c]) => `${n}=${c}`)
        .join(', ')}`,
    );
    this.converge(retry);
    if (wait) await this.settled(Object.keys(instances));
    return this.state.desired;
  }

  async restart({ name, instance }: Target, env?: Record<string, string>): Promise<void> {
    if (this.spec(name) && !this.state.desired[name]) {
      await this.setDesired({ instances: { [name]: 1 }, wait: true });
      return;
    }
    await Promise.all(
      this.find(name, instance).map(async (p) => {
        await p.stop();
        if (env) Object.assign(p.spec.env, env);
        await p.start(env ? `restart asked, with ${Object.keys(env).join(', ')} set` : 'restart asked');
      }),
    );
  }

  kill({ name, instance }: Target): void {
    const outside = this.outside.find((s) => s.name === name);
    if (outside)
      throw new ControlRequestError(
        `${name} is not run by this stack (${this.plan.provider} provider, at ${outside.address}), so it cannot be killed from here`,
      );
    const running = this.find(name, instance).filter((p) => p.alive);
    if (!running.length)
      throw new ControlRequestError(`${name} has no running process to kill (${this.find(name, instance)[0].status.state})`);
    running.forEach((p) => p.crash());
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.state.phase = 'stopping';
      this.save();
      clearInterval(this.healthTimer);
      for (const level of planStart(this.specs).levels.reverse()) {
        await Promise.all(level.flatMap((s) => (this.services.get(s.name) ?? []).map((p) => p.stop())));
      }
      await Promise.all(this.infra.map((p) => p.stop(15_000)));
      await this.telemetry?.close();
      this.closed = true;
      clearState(this.plan.paths.stateDir);
      this.server?.close();
    })();
    return this.stopping;
  }

  /** Computes what differs from the desired state and sets it in motion; never waits for it. */
  private converge(retryFailed = false) {
    if (this.stopping) return;
    const observed = [...this.all().map((p) => p.status), ...this.outside];
    for (const step of convergeSteps(this.specs, this.state.desired, observed, retryFailed)) this.apply(step);
    this.updatePhase();
    this.save();
  }

  /** Converges once after the current burst of changes (a process became healthy, exited, ...). */
  private scheduleConverge() {
    if (this.convergeQueued) return;
    this.convergeQueued = true;
    setImmediate(() => {
      this.convergeQueued = false;
      this.converge();
    });
  }

  private apply(step: ConvergeStep) {
    const proc = this.instance(step.name, step.instance);
    if (step.do === 'wait') {
      Object.assign(proc.status, { state: 'pending', detail: step.reason });
    } else if (step.do === 'stop') {
      void proc.stop().then(() => this.dropStopped(step.name, proc));
    } else {
      Object.assign(proc.status, { state: 'starting', detail: undefined });
      void this.launch(proc);
    }
  }

  private async launch(proc: ManagedProcess) {
    const label = `${proc.spec.name}${proc.spec.instance ? ` #${proc.spec.instance}` : ''}`;
    try {
      await this.createTopicsOf(proc.spec.name);
    } catch (e) {
      // Its process never started: wait, say why, and let a later convergence try again (it used to
      // stay "starting" for good, and `up` waited out its whole time limit).
      const reason = `creating its topics failed: ${(e as Error).message}`;
      this.log(`${label}: ${reason}; trying again in ${TOPICS_RETRY_MS / 1000} s`);
      Object.assign(proc.status, { state: 'pending', detail: `${reason} (trying again)` });
      setTimeout(() => this.scheduleConverge(), TOPICS_RETRY_MS).unref();
      return;
    }
    try {
      await proc.start();
      this.log(`${label} healthy after ${this.elapsed()}`);
    } catch (e) {
      this.log(`${label} did not become healthy: ${(e as Error).message}`);
      if (!proc.alive && proc.status.state === 'starting') Object.assign(proc.status, { state: 'pending', detail: (e as Error).message });
    } finally {
      this.scheduleConverge();
    }
  }

  /** Instance 0 stays listed (stopped, "scaled to 0") so `status` shows the service and `up` finds it. */
  private dropStopped(name: string, proc: ManagedProcess) {
    const procs = this.services.get(name) ?? [];
    if (!procs.includes(proc)) return;
    if (proc.spec.instance > 0 && (this.state.desired[name] ?? 0) <= proc.spec.instance) procs.splice(procs.indexOf(proc), 1);
    else if (!this.state.desired[name]) proc.status.detail = 'scaled to 0';
    this.save();
  }

  private async createTopicsOf(name: string) {
    const topics = [...declaredTopics([this.spec(name)!])].filter(([t]) => !this.topicsCreated.has(t));
    if (!topics.length) return;
    const { ensureTopics, withAdmin } = await import('../transports/kafka/admin.js');
    const created = await withAdmin(this.plan.endpoints.kafkaBrokers, (admin) => ensureTopics(admin, topics), 'setup');
    topics.forEach(([t]) => this.topicsCreated.add(t));
    if (created.length) this.log(`created topics ${created.join(', ')}`);
  }

  private startInfra() {
    const { kafkaBrokers, mongoUrl } = this.plan.endpoints;
    for (const spec of this.plan.infra) {
      const check = spec.kind === 'kafka' ? () => kafkaAnswers(kafkaBrokers) : () => mongoAnswers(mongoUrl);
      const proc = new ManagedProcess(
        { ...spec, endpoint: infraEndpoint(spec.kind as 'kafka', this.plan.endpoints) },
        (p) => waitUntil(check, infraTimeoutMs(this.plan.startTimeoutMs), 250, () => p.alive),
        () => this.changed(),
      );
      this.infra.push(proc);
      proc.start().then(
        () => this.log(`${spec.name} ready after ${this.elapsed()}`),
        (e) => this.log(`${spec.name}: ${e.message}`),
      );
    }
    for (const kind of INFRA_KINDS.filter((k) => !this.plan.infra.some((s) => s.kind === k))) {
      const address = kind === 'kafka' ? kafkaBrokers.join(',') : mongoUrl;
      this.outside.push({
        name: kind,
        kind,
        instance: 0,
        address,
        endpoint: infraEndpoint(kind, this.plan.endpoints),
        managed: false,
        state: 'starting',
        restarts: 0,
      });
    }
    void this.probeOutsideUntilUp();
  }

  private async probeOutsideUntilUp() {
    while (!this.stopping && this.outside.some((s) => s.state !== 'healthy')) {
      await this.probeOutside();
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async probeOutside() {
    const { kafkaBrokers, mongoUrl } = this.plan.endpoints;
    await Promise.all(
      this.outside.map(async (s) => {
        const was = s.state;
        const wasDetail = s.detail;
        try {
          await (s.kind === 'kafka' ? kafkaAnswers(kafkaBrokers) : mongoAnswers(mongoUrl));
          Object.assign(s, { state: 'healthy', detail: undefined });
        } catch (e) {
          Object.assign(s, {
            state: was === 'starting' ? 'starting' : 'unhealthy',
            detail: `${s.name} at ${s.endpoint ? `${s.endpoint.host}:${Object.values(s.endpoint.ports)[0]}` : s.address}: ${connectReason(e as Error)}`,
          });
        }
        if (s.state !== was || s.detail !== wasDetail) this.changed();
      }),
    );
  }

  /** Spawns the initially desired staged services now, so their code loads while Kafka starts. */
  private preloadServices() {
    for (const name of Object.keys(this.state.desired)) {
      const proc = this.instance(name, 0);
      if (proc.spec.staged) proc.preload();
    }
  }

  private instance(name: string, i: number): ManagedProcess {
    const procs = this.services.get(name) ?? [];
    this.services.set(name, procs);
    let proc = procs.find((p) => p.spec.instance === i);
    if (!proc) {
      const child = serviceChild(this.spec(name)!, this.specs, this.plan.endpoints, this.plan.paths.logsDir, i);
      proc = new ManagedProcess(
        child,
        (p) =>
          waitUntil(
            () => this.probe(p),
            this.plan.startTimeoutMs,
            200,
            () => p.alive,
          ),
        () => this.changed(),
      );
      procs.push(proc);
      procs.sort((a, b) => a.spec.instance - b.spec.instance);
    }
    return proc;
  }

  /** A service generated after `up`: the supervisor learns it from services/ when it is asked for. */
  private discoverNewServices() {
    const known = new Set(this.specs.map((s) => s.name));
    const found = discoverServices(this.plan.paths.servicesDir).filter((s) => !known.has(s.name));
    if (found.length) this.log(`new service${found.length > 1 ? 's' : ''}: ${found.map((s) => s.name).join(', ')}`);
    this.specs = [...this.specs, ...found];
  }

  private spec(name: string): ServiceSpec | undefined {
    return this.specs.find((s) => s.name === name);
  }

  private async probe(p: ManagedProcess) {
    const spec = this.spec(p.spec.name)!;
    const port = instancePorts(spec, p.spec.instance).tcp;
    if (spec.health === 'round-trip') return roundTrip('127.0.0.1', port, 'probe');
    if (spec.health === 'kafka-group') return kafkaGroupStable(this.plan.endpoints.kafkaBrokers, spec.kafkaGroup!);
    const reply = (await requestOnce('127.0.0.1', port, 'platform.health', {}, 'probe')) as {
      status?: string;
      checks?: Record<string, string>;
    };
    if (reply?.status !== 'ok') throw new Error(`health is ${reply?.status ?? 'unknown'}: ${JSON.stringify(reply?.checks ?? {})}`);
  }

  private async tick() {
    await this.probeOutside();
    // Every process's log stays bounded (log-rotation.ts); a failed copy is tried again next tick.
    for (const p of this.all()) void rotateIfLarge(p.spec.logFile, this.logMaxBytes).catch(() => {});
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
    this.converge();
  }

  /** Resolves once the named services run their desired instances, all healthy; rejects when one failed. */
  private async settled(names: string[]): Promise<void> {
    const deadline = Date.now() + this.plan.startTimeoutMs;
    for (;;) {
      const procs = names.flatMap((n) => this.services.get(n) ?? []);
      const failed = procs.find((p) => p.status.state === 'failed');
      if (failed) throw new NotConvergedError(`${failed.spec.name} failed: ${failed.status.detail}`);
      const done = names.every((n) => {
        const want = this.state.desired[n] ?? 0;
        const ps = this.services.get(n) ?? [];
        return (
          ps.every((p) => (p.spec.instance < want ? p.status.state === 'healthy' : p.status.state === 'stopped')) &&
          ps.filter((p) => p.spec.instance < want).length === want
        );
      });
      if (done) return;
      if (Date.now() > deadline)
        throw new NotConvergedError(
          `not converged after ${this.plan.startTimeoutMs / 1000} s: ${procs
            .filter((p) => p.status.state !== 'healthy')
            .map((p) => `${p.spec.name} ${p.status.state}${p.status.detail ? ` (${p.status.detail})` : ''}`)
            .join('; ')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** `ready` once Kafka and the database answer: from then on the stack serves commands. */
  private updatePhase() {
    if (this.state.phase !== 'starting') return;
    const infra = [...this.infra.map((p) => p.status), ...this.outside];
    if (!infra.every((s) => s.state === 'healthy')) return;
    this.state.phase = 'ready';
    this.state.readyAt = new Date().toISOString();
    this.log(`kafka and mongo ready after ${this.elapsed()}`);
  }

  private find(name: string, instance?: number): ManagedProcess[] {
    const found = this.all().filter((p) => p.spec.name === name && (instance === undefined || p.spec.instance === instance));
    if (!found.length)
      throw new ControlRequestError(`no process named ${name}${instance !== undefined ? ` #${instance}` : ''} in this stack`);
    return found;
  }

  private all(): ManagedProcess[] {
    return [...this.infra, ...[...this.services.values()].flat()];
  }

  private changed() {
    this.save();
    this.scheduleConverge();
  }

  private save() {
    if (this.closed) return;
    this.state.processes = [
      ...this.infra.map((p) => p.status),
      ...this.outside,
      ...[...this.services.values()].flat().map((p) => p.status),
    ];
    writeState(this.plan.paths.stateDir, this.state);
  }

  private elapsed(): string {
    return `${((Date.now() - Date.parse(this.state.startedAt)) / 1000).toFixed(1)} s`;
  }

  private log(msg: string) {
    process.stdout.write(`${new Date().toISOString()} supervisor: ${msg}\n`);
  }
}
