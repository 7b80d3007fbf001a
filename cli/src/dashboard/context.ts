import type { Admin, Kafka } from 'kafkajs';
import { unreachableError } from '../errors.js';
import type { ProjectPaths } from '../stack/project.js';
import { readState, type StackState } from '../stack/state.js';
import type { LogFeed } from './log-feed.js';
import type { SpanStore } from '../telemetry/span-store.js';

/** What every route needs: the project, the stack's saved state, and Kafka clients made once. */
export class DashboardContext {
  private kafkaClient?: { brokers: string; kafka: Kafka };

  constructor(
    readonly paths: ProjectPaths,
    readonly logs: LogFeed,
    /** The receiver's span store when the dashboard runs in the supervisor beside it. */
    readonly spans?: SpanStore,
  ) {}

  state(): StackState {
    const state = readState(this.paths.stateDir);
    if (!state) throw unreachableError('the stack is not running', 'start it with `platform up`');
    return state;
  }

  async kafka(): Promise<Kafka> {
    const brokers = this.state().kafkaBrokers;
    if (this.kafkaClient?.brokers !== brokers.join(',')) {
      const { createKafka } = await import('../transports/kafka/client.js');
      this.kafkaClient = { brokers: brokers.join(','), kafka: createKafka(brokers, 'platform-dashboard', 'dashboard') };
    }
    return this.kafkaClient.kafka;
  }

  /** An admin call that fails fast when Kafka is down (the page shows that, it does not hang). */
  async admin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const { withAdmin } = await import('../transports/kafka/admin.js');
    return withAdmin(this.state().kafkaBrokers, fn, 'glance');
  }
}
