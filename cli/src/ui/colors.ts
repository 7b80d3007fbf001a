import pc from 'picocolors';

/** picocolors honours NO_COLOR / FORCE_COLOR and turns itself off when stdout is not a terminal. */
export const colors = pc;

const palette = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue, pc.red];
/** A stable colour per name, so a service keeps its colour across `logs` runs. */
export function colorFor(name: string): (s: string) => string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}
