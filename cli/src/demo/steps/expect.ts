import { toMs } from '../duration.js';
import { sleep } from '../format.js';
import { StepFailure, type StepKind } from '../step-kind.js';
import type { Duration } from '../types.js';
import { document, type DocumentExpectation } from './expect/document.js';
import { group, type GroupExpectation } from './expect/group.js';
import { http, type HttpExpectation } from './expect/http.js';
import { kafka, type KafkaExpectation } from './expect/kafka.js';
import { tcp } from './expect/tcp.js';
import { trace, type TraceExpectation } from './expect/trace.js';
import type { TcpRequest } from '../types.js';
import type { Matcher } from './expect/matcher.js';

interface MatcherPayloads {
  kafka: KafkaExpectation;
  document: DocumentExpectation;
  tcp: TcpRequest;
  http: HttpExpectation;
  trace: TraceExpectation;
  group: GroupExpectation;
}
type MatcherName = keyof MatcherPayloads;

/** In the order they are looked for. */
const MATCHERS: { [K in MatcherName]: Matcher<MatcherPayloads[K]> } = { kafka, document, tcp, http, trace, group };

export type Expectation = { within?: Duration; settle?: Duration } & Partial<MatcherPayloads>;

type Picked = { [K in MatcherName]: { name: K; payload: MatcherPayloads[K] } }[MatcherName];

function pick(expectation: Expectation): Picked {
  for (const name of Object.keys(MATCHERS) as MatcherName[]) {
    if (expectation[name] !== undefined) return { name, payload: expectation[name] } as Picked;
  }
  throw new StepFailure(`expect names nothing to wait for: give one of ${Object.keys(MATCHERS).join(', ')}`);
}

const matcher = <K extends MatcherName>(p: { name: K }) => MATCHERS[p.name] as Matcher<MatcherPayloads[K]>;

/** `expect: { <matcher>, within }`: waits until the stack shows what the matcher describes. */
export const expect: StepKind<Expectation> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    description: 'waits until one of: a Kafka message, a document, a TCP reply, an HTTP response, a consumer group, a trace matches',
    properties: {
      within: { $ref: '#/definitions/duration' },
      kafka: kafka.schema,
      document: document.schema,
      tcp: tcp.schema,
      http: http.schema,
      group: group.schema,
      settle: { $ref: '#/definitions/duration', description: 'with count: keep watching this long for extras (default 1s)' },
      trace: trace.schema,
    },
  },
  touchesStack: true,
  run(expectation, ctx) {
    const within = toMs(expectation.within, ctx.withinMs);
    const end = Date.now() + within;
    const poll = async <T>(attempt: () => Promise<T | undefined>, explain: () => StepFailure): Promise<T> => {
      for (;;) {
        const r = await attempt();
        if (r !== undefined) return r;
        if (Date.now() > end) throw explain();
        await sleep(200);
      }
    };
    const picked = pick(expectation);
    return matcher(picked).run(picked.payload, { ...ctx, within, end, settleMs: toMs(expectation.settle, 1000), poll });
  },
  view(expectation, ctx) {
    const picked = pick(expectation);
    const v = matcher(picked).view(picked.payload, ctx);
    return { ...v, check: v.check && `${v.check}${expectation.within ? ` within ${expectation.within}` : ''}` };
  },
  preflight(expectation, check) {
    const picked = pick(expectation);
    matcher(picked).preflight?.(picked.payload, {
      ...check,
      service: (path, name) => check.service(['expect', picked.name, ...path], name),
    });
  },
};
