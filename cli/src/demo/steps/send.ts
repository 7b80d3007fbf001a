import { asText, compact, pretty, serviceTarget, shellQuote } from '../format.js';
import { commandFailure, StepFailure, type StepContext, type StepKind, type StepOutcome } from '../step-kind.js';
import { callTcp, tcpCommand, tcpMismatches } from '../tcp-call.js';
import type { KafkaMessage, TcpRequest } from '../types.js';

export type SendPayload = { tcp: TcpRequest; kafka?: undefined } | { kafka: KafkaMessage | KafkaMessage[]; tcp?: undefined };

/** `send: { tcp }` or `send: { kafka }`: what `platform send tcp|kafka` does. */
export const send: StepKind<SendPayload> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      tcp: { $ref: '#/definitions/tcpRequest' },
      kafka: {
        anyOf: [{ $ref: '#/definitions/kafkaMessage' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/kafkaMessage' } }],
        description: 'a message { topic, key, value, headers } or a list of them',
      },
    },
  },
  touchesStack: true,
  run: (payload, ctx) => (payload.tcp ? sendTcp(payload.tcp) : produce([payload.kafka].flat(), ctx)),
  view(payload) {
    if (payload.tcp)
      return { title: `send ${asText(payload.tcp.pattern)} to ${serviceTarget(payload.tcp)}`, command: tcpCommand(payload.tcp) };
    const messages = [payload.kafka].flat();
    return {
      title: `produce ${messages.length > 1 ? `${messages.length} messages` : 'a message'} to ${messages[0].topic}`,
      command: messages.map(kafkaCommand).join('\n'),
    };
  },
  preflight: (payload, check) => payload.tcp && check.service(['send', 'tcp', 'service'], payload.tcp.service),
};

async function sendTcp(request: TcpRequest): Promise<StepOutcome> {
  const answer = await callTcp(request);
  const problems = tcpMismatches(request, answer);
  if (problems) throw new StepFailure(problems.message, problems.diff);
  return answer.error !== undefined
    ? { summary: `error reply ${compact(answer.error)}`, detail: pretty(answer.error), data: { error: answer.error } }
    : { summary: `reply ${compact(answer.reply)}`, short: 'reply', detail: pretty(answer.reply), data: { reply: answer.reply } };
}

/** Each message as `platform send kafka` sends it (an unknown topic is an error, not a new topic). */
async function produce(messages: KafkaMessage[], { env }: StepContext): Promise<StepOutcome> {
  const { produce: send } = await import('../../transports/kafka/produce.js');
  const options = { brokers: await env.kafkaBrokers(), kafka: await env.kafka() };
  const results = [];
  for (const m of messages) {
    const [delivered] = await send(
      m.topic,
      [{ key: m.key, value: asText(m.value), headers: m.headers, partition: m.partition }],
      options,
    ).catch((e: unknown) => {
      throw commandFailure(`platform send kafka ${m.topic}`, e);
    });
    results.push({ topic: m.topic, partition: delivered.partition, offset: Number(delivered.offset), key: m.key });
  }
  const last = results[results.length - 1];
  return {
    summary: results.map((r) => `${r.topic}[${r.partition}]@${r.offset}`).join(', '),
    data: results.length === 1 ? last : { messages: results, ...last },
  };
}

function kafkaCommand(m: KafkaMessage): string {
  return [
    'platform send kafka',
    m.topic,
    shellQuote(asText(m.value)),
    ...(m.key ? ['-k', shellQuote(m.key)] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `-H ${shellQuote(`${k}=${v}`)}`),
  ].join(' ');
}
