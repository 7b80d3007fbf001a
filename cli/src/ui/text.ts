/** The last `lines` lines of a text: what an error shows of a build's or a process's output. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The line the supervisor writes into a process log before each start. */
export const RUN_MARKER = '--- platform: starting ';

/** The tail of a process log, from the supervisor's last start marker on (older runs are noise). */
export function tailOfLastRun(text: string, lines: number): string {
  const marker = text.lastIndexOf(RUN_MARKER);
  return tail(marker === -1 ? text : text.slice(marker), lines);
}

/** One line of at most `width` characters: runs of whitespace become one space, a cut ends in "…". */
export function truncate(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
