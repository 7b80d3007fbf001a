import pc from 'picocolors';

/**
 * Colour only on a terminal (or with FORCE_COLOR), never with NO_COLOR. picocolors' own default
 * also colours whenever CI is set, which puts escape codes into piped output and logs.
 */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env, tty = Boolean(process.stdout.isTTY)): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if ('FORCE_COLOR' in env && env.FORCE_COLOR !== '0') return true;
  return tty && env.TERM !== 'dumb';
}

export const colors = pc.createColors(colorEnabled());

const palette = [colors.cyan, colors.magenta, colors.yellow, colors.green, colors.blue, colors.red];
/** A stable colour per name, so a service keeps its colour across `logs` runs. */
export function colorFor(name: string): (s: string) => string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}
