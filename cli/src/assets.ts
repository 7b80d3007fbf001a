import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGED = fileURLToPath(new URL('../assets/', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A file that ships with the CLI (compose/ recipes, templates/, the scenario schema). In this
 * repository they sit at its root; in the npm package `prepack` copies them into cli/assets/.
 */
export function assetPath(...parts: string[]): string {
  return join(existsSync(PACKAGED) ? PACKAGED : REPOSITORY, ...parts);
}
