import { failedError, PlatformError, usageError } from '../errors.js';
import { describeFromSource } from '../source/describe-source.js';
import { intOption } from '../input/arguments.js';
import { resolveServiceAddress } from '../transports/tcp/address.js';
import { ConnectError, TcpClient } from '../transports/tcp/client.js';
import {
  describeService,
  displayPattern,
  exampleFor,
  findPattern,
  type PatternDescription,
  type ServiceDescription,
} from '../transports/tcp/describe.js';
import { parsePattern } from '../transports/tcp/send.js';
import { colors } from '../ui/colors.js';
import { printJson, printTable } from '../ui/output.js';

type PatternsOptions = { example?: boolean; schema?: boolean; json?: boolean; timeout?: string; static?: boolean };

export async function patternsAction(target: string, patternText: string | undefined, opts: PatternsOptions): Promise<void> {
  const description = opts.static ? await describeFromSource(target) : await describeRunning(target, opts);
  let patterns = description.patterns;
  if (patternText !== undefined) {
    const found = findPattern(description, parsePattern(patternText));
    if (!found) {
      throw usageError(
        `${description.service} does not handle pattern ${patternText}`,
        `it handles: ${patterns.map((p) => displayPattern(p.pattern)).join(', ') || 'nothing'}`,
      );
    }
    patterns = [found];
  } else if (opts.example) {
    throw usageError(
      '--example needs a pattern',
      `e.g. \`platform patterns ${target} ${displayPattern(patterns[0]?.pattern ?? 'some.pattern')} --example\``,
    );
  }
  if (opts.example) return printJson(exampleFor(patterns[0]));
  if (opts.json) return printJson(patternText === undefined ? description : patterns[0]);
  if (!patterns.length) throw failedError(`${description.service} declares no patterns`);
  printTable(
    ['pattern', 'kind', 'transport', 'payload', 'description'],
    patterns.map((p) => [displayPattern(p.pattern), p.kind, p.transport, payloadSummary(p), p.description ?? '']),
  );
  if (opts.schema || patternText !== undefined) {
    for (const p of patterns) {
      process.stdout.write(
        `\n${colors.bold(displayPattern(p.pattern))} schema:\n${JSON.stringify(p.schema ?? null, null, 2)}\nexample:\n${JSON.stringify(exampleFor(p), null, 2)}\n`,
      );
    }
  }
}

async function describeRunning(target: string, opts: PatternsOptions): Promise<ServiceDescription> {
  const timeoutMs = intOption(opts.timeout, '--timeout', { fallback: 5000 })!;
  const addr = await resolveServiceAddress(target);
  const client = new TcpClient(addr, {
    timeout: timeoutMs,
    unreachableHint: `start the stack with \`platform up\` (and check \`platform status\`), or read the source: \`platform patterns ${target} --static\``,
  });
  try {
    return await describeService(client, timeoutMs);
  } catch (e) {
    if (e instanceof ConnectError) throw e;
    if (e instanceof PlatformError && addr.service) {
      process.stderr.write(`${addr.service} does not answer \`platform.describe\`; its patterns are read from its source.\n`);
      return describeFromSource(addr.service);
    }
    throw e;
  } finally {
    client.close();
  }
}

/** `name: string, amount: integer?` — a one-line view of the top-level payload fields. */
export function payloadSummary(p: PatternDescription): string {
  const props = p.schema?.properties as
    Record<string, { type?: string | string[]; $ref?: string; items?: { type?: string; $ref?: string } }> | undefined;
  if (!props) return p.schema ? String(p.schema.type ?? 'object') : '-';
  const required = new Set<string>((p.schema?.required as string[] | undefined) ?? []);
  return Object.entries(props)
    .map(([k, v]) => {
      const type = v.$ref
        ? v.$ref.split('/').pop()
        : v.type === 'array'
          ? `${v.items?.type ?? v.items?.$ref?.split('/').pop() ?? 'any'}[]`
          : [v.type ?? 'any'].flat().join('|');
      return `${k}${required.has(k) ? '' : '?'}: ${type}`;
    })
    .join(', ');
}
