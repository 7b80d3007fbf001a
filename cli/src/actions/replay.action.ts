import { usageError } from '../errors.js';
import { requestStep, saveRequest } from '../demo/saved-requests.js';
import { projectPaths } from '../stack/project.js';
import { parseHeaders, readDataArg } from '../input/arguments.js';
import { resolveBrokers } from '../transports/kafka/client.js';
import { produce } from '../transports/kafka/produce.js';
import { readMessageAt } from '../transports/kafka/tail.js';
import { colors } from '../ui/colors.js';
import { printJson } from '../ui/output.js';
import { saved } from './send-saved.action.js';

export function parsePosition(text: string): { partition: number; offset: string } {
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m) throw usageError(`"${text}" is not partition:offset`, 'e.g. `platform replay payments.events 0:42`');
  return { partition: Number(m[1]), offset: m[2] };
}

/** Reads the message at partition:offset, applies the edits, and produces it (to --to, or the same topic). */
export async function replayAction(
  topic: string,
  at: string,
  opts: { value?: string; key?: string; header?: string[]; to?: string; save?: string; json?: boolean },
): Promise<void> {
  const { partition, offset } = parsePosition(at);
  const headers = parseHeaders(opts.header);
  const value = opts.value === undefined ? undefined : await readDataArg(opts.value, '--value');
  const brokers = await resolveBrokers();
  const original = await readMessageAt(topic, partition, offset, { brokers });
  const message = { key: opts.key ?? original.key, value: value ?? original.value, headers: { ...original.headers, ...headers } };
  const to = opts.to ?? topic;
  if (opts.save)
    saved(
      saveRequest(
        projectPaths().root,
        opts.save,
        requestStep({ kafka: { topic: to, key: message.key ?? undefined, value: message.value, headers: message.headers } }),
      ),
    );
  const [delivered] = await produce(to, [message], { brokers });
  if (opts.json) return printJson({ from: { topic, partition, offset }, topic: to, ...delivered });
  process.stdout.write(
    `${to} [${delivered.partition}] @ ${delivered.offset}${colors.dim(` (replay of ${topic} ${partition}:${offset}${value !== undefined || opts.key !== undefined || opts.header?.length ? ', edited' : ''})`)}\n`,
  );
}
