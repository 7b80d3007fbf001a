import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import { unreachableError } from '../errors.js';
import { instancePorts } from '../stack/ports.js';
import type { ProjectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { type ServiceSpec } from '../stack/declaration.js';
import type { StackState } from '../stack/state.js';
import { liveState } from '../stack/live.js';
import { control, setDesired } from '../supervisor/client.js';
import type { SupervisorPlan } from '../supervisor/plan.js';
import { KafkaWatch } from './kafka-watch.js';

/**
 * What scenario steps talk to: the running stack (through the supervisor), Kafka, the database and
 * the gateway. Clients connect on first use and are closed once at the end of a run.
 */
export class StackEnv {
  readonly services: ServiceSpec[];
  private kafkaClient?: Kafka;
  private mongoP?: Promise<MongoClient>;
  readonly watch: KafkaWatch;

  constructor(
    readonly paths: ProjectPaths,
    readonly runId: string,
  ) {
    this.services = discoverServices(paths.servicesDir);
    // platform-watch-*: a throw-away group that `platform status` and `kafka groups` leave out.
    this.watch = new KafkaWatch(() => this.kafka(), `platform-watch-demo-${runId}`);
  }

  /** The running stack, or exit 3 with the fix. */
  async state(): Promise<StackState> {
    const state = await liveState(this.paths.stateDir);
    if (!state || state.phase !== 'ready')
      throw unreachableError(
        state ? `the stack is ${state.phase}` : 'the stack is not running',
        'start it with `platform up` (or add an `up` step)',
      );
    return state;
  }

  /** The plan `platform up` handed the supervisor: levels of services and the topics it created. */
  plan(): SupervisorPlan | undefined {
    const file = join(this.paths.stateDir, 'plan.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SupervisorPlan) : undefined;
  }

  async kafkaBrokers(): Promise<string[]> {
    return (await this.state()).kafkaBrokers;
  }

  kafka(): Promise<Kafka> {
    return (async () => {
      if (this.kafkaClient) return this.kafkaClient;
      const { createKafka } = await import('../transports/kafka/client.js');
      this.kafkaClient = createKafka(await this.kafkaBrokers(), `platform-demo-${this.runId}`);
      return this.kafkaClient;
    })();
  }

  mongo(): Promise<MongoClient> {
    this.mongoP ??= (async () => {
      const { connectMongo } = await import('../transports/mongo/client.js');
      return connectMongo((await this.state()).mongoUrl, 'session');
    })();
    return this.mongoP;
  }

  async gatewayUrl(): Promise<string> {
    const gw =
      this.services.find((s) => s.httpPort !== undefined && s.name === 'gateway') ?? this.services.find((s) => s.httpPort !== undefined);
    if (!gw) throw unreachableError('no service of this project listens on HTTP (expected a gateway)');
    return `http://127.0.0.1:${instancePorts(gw, 0).http}`;
  }

  /** Changes instances per service and waits until they run healthy. */
  async setDesired(instances: Record<string, number>): Promise<void> {
    await setDesired(await this.state(), instances, { wait: true });
  }

  async act(action: 'kill' | 'restart', target: { name: string; instance?: number }): Promise<void> {
    await control(await this.state(), 'POST', `/${action}`, target);
  }

  service(name: string): ServiceSpec {
    const s = this.services.find((x) => x.name === name);
    if (!s) throw unreachableError(`unknown service "${name}" (services: ${this.services.map((x) => x.name).join(', ')})`);
    return s;
  }

  async close(): Promise<void> {
    await this.watch.stop();
    await this.mongoP?.then((c) => c.close()).catch(() => {});
  }
}
