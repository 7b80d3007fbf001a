import { usageError } from '../errors.js';
import { intOption } from '../input/arguments.js';
import { createKafka, resolveBrokers } from '../transports/kafka/client.js';
import { consume, formatMessage, parseFilter, type Format, type TailMessage } from '../transports/kafka/tail.js';
import { colors } from '../ui/colors.js';
import { isTerminal } from '../ui/output.js';

interface Opts {
  fromBeginning?: boolean;
  max?: string;
  exit?: boolean;
  group?: string;
  filter?: string[];
  format?: string;
  json?: boolean;
  brokers?: string;
}

/** Writes and waits for the pipe to drain, so a slow reader slows the fetch instead of growing memory. */
function write(chunk: string | Buffer): Promise<void> | void {
  if (!process.stdout.write(chunk)) return new Promise((r) => process.stdout.once('drain', () => r()));
}

export async function tailAction(topics: string[], opts: Opts): Promise<void> {
  const max = intOption(opts.max, '--max');
  const filters = (opts.filter ?? []).map(parseFilter);
  if (opts.json && opts.format && opts.format !== 'json')
    throw usageError(`--json and --format ${opts.format} ask for two formats; pass one`);
  const format = (opts.json ? 'json' : (opts.format ?? (isTerminal() ? 'pretty' : 'json'))) as Format;
  if (!['pretty', 'json', 'raw'].includes(format)) throw usageError(`--format must be pretty, json or raw; got "${opts.format}"`);
  const brokers = await resolveBrokers(opts.brokers);
  const kafka = createKafka(brokers);
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sep = format === 'pretty' ? '\n' : '\n';
  const tty = Boolean(process.stderr.isTTY);
  let waitingNote = false;
  try {
    const { count } = await consume({
      kafka,
      brokers,
      topics,
      fromBeginning: opts.fromBeginning,
      groupId: opts.group,
      max,
      filters,
      exitAtEnd: opts.exit,
      signal: ac.signal,
      onReady: () => {
        if (tty && format === 'pretty' && !opts.exit) {
          waitingNote = true;
          process.stderr.write(colors.dim(`following ${topics.join(', ')} (Ctrl-C to stop)\n`));
        }
      },
      onRaw: format === 'raw' ? (chunk) => write(chunk) : undefined,
      onMessages: (msgs: TailMessage[]) => {
        let out = '';
        for (const m of msgs) out += formatMessage(m, format) + sep;
        return write(out);
      },
    });
    if (ac.signal.aborted || tty || waitingNote)
      process.stderr.write(colors.dim(`${ac.signal.aborted ? '\n' : ''}${count} message${count === 1 ? '' : 's'}\n`));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
