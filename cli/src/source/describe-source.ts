import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { usageError } from '../errors.js';
import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import type { ServiceDescription } from '../transports/tcp/describe.js';
import { colors } from '../ui/colors.js';

/** What the service's source declares; problems (patterns only known at run time) go to stderr unless quiet. */
export async function describeFromSource(target: string, quiet = false): Promise<ServiceDescription> {
  const paths = projectPaths();
  const spec = discoverServices(paths.servicesDir).find((s) => s.name === target);
  if (!spec) throw usageError(`unknown service "${target}"`, '--static reads a service of this project by name');
  if (!existsSync(spec.entry))
    throw usageError(
      `${target}: its entry ${relative(process.cwd(), spec.entry)} does not exist, so its patterns cannot be read`,
      'fix "entry" in platform.yaml',
    );
  // The TypeScript compiler loads only when source is read, not on every command.
  const { readPatterns } = await import('./patterns.js');
  const { patterns, problems } = readPatterns(spec.entry);
  if (!quiet) for (const p of problems) process.stderr.write(`${colors.yellow('warning')} ${p}\n`);
  return { service: spec.name, patterns };
}
