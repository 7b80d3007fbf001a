import { stripVTControlCharacters } from 'node:util';

export interface BuildProblem {
  /** Path as the compiler printed it (relative to the package), with line and column when known. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface BuildFailure {
  problems: BuildProblem[];
  /** The compiler's output without noise (progress lines, backtraces, summaries). */
  detail: string;
}

const SWC_LOCATION = /^\s*,-\[(.+?):(\d+):(\d+)\]/;
const SWC_MESSAGE = /^\s*(?:x|×)\s+(.+)$/;
const TSC_PRETTY = /^(.+?\.[cm]?tsx?):(\d+):(\d+) - error (TS\d+: .+)$/;
const TSC_PLAIN = /^(.+?\.[cm]?tsx?)\((\d+),(\d+)\): error (TS\d+: .+)$/;
const NOISE =
  /^(>\s+SWC\s+Running|Successfully compiled|Failed to compile|Caused by:|\s+Syntax Error$|Stack backtrace:|\s+\d+: |\s+at \/|Found \d+ error)/;

/**
 * Reads what `nest build` printed when it failed, with either builder: swc's code frames
 * (`x message` then `,-[file:line:col]`) or tsc's diagnostics (`file:line:col - error TSxxxx`).
 * Unknown output still comes back as the detail, so nothing the compiler said is lost.
 */
export function parseBuildOutput(output: string): BuildFailure {
  const lines = stripVTControlCharacters(output).split('\n');
  const problems: BuildProblem[] = [];
  let swcMessage: string | undefined;
  let inBacktrace = false;
  const kept: string[] = [];
  for (const line of lines) {
    // Nest's closing summary lists the failed files again, after the frames that already name them.
    if (/^\s*Error\s+Failed to compile:/.test(line)) break;
    if (/^Stack backtrace:/.test(line)) inBacktrace = true;
    else if (inBacktrace && !/^\s+(\d+:|at )/.test(line)) inBacktrace = false;
    if (inBacktrace || NOISE.test(line)) continue;
    kept.push(line);
    const message = SWC_MESSAGE.exec(line);
    if (message) swcMessage = message[1];
    const location = SWC_LOCATION.exec(line);
    if (location && swcMessage) {
      problems.push({ file: location[1], line: Number(location[2]), column: Number(location[3]), message: swcMessage });
      swcMessage = undefined;
    }
    const tsc = TSC_PRETTY.exec(line) ?? TSC_PLAIN.exec(line);
    if (tsc) problems.push({ file: tsc[1], line: Number(tsc[2]), column: Number(tsc[3]), message: tsc[4] });
  }
  return {
    problems,
    detail: kept
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

/** `file:line: message`, the form editors and terminals turn into a link. */
export function formatProblem(p: BuildProblem, prefix = ''): string {
  return `${prefix}${p.file}${p.line ? `:${p.line}` : ''}${p.column && p.column > 1 ? `:${p.column}` : ''}: ${p.message}`;
}
