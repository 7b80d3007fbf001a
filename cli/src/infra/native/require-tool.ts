import { unreachableError } from '../../errors.js';
import { findExecutable, INSTALL_HINTS } from '../tools.js';

/** The path of a tool the native provider needs, or an error naming it and how to get it. */
export function requireTool(name: 'java' | 'mvn'): string {
  const found = findExecutable(name);
  if (!found)
    throw unreachableError(
      `\`${name}\` is not on PATH; the native stack needs it`,
      `${INSTALL_HINTS[name]}; then run \`platform infra install\` (or \`platform doctor\` to check everything)`,
    );
  return found;
}
