import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { usageError } from '../errors.js';
import { projectPaths, type ProjectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { type ServiceSpec } from '../stack/declaration.js';
import { colors } from '../ui/colors.js';

export interface TargetService {
  paths: ProjectPaths;
  service: ServiceSpec;
  appModulePath: string;
}

/** The existing service a handler or resource goes into, with the AppModule that registers it. */
export function targetService(serviceName: string): TargetService {
  const paths = projectPaths();
  const services = discoverServices(paths.servicesDir);
  const service = services.find((s) => s.name === serviceName);
  if (!service) {
    throw usageError(
      `no service named "${serviceName}"`,
      services.length ? `services: ${services.map((s) => s.name).join(', ')}` : 'create one with `platform generate service <name>`',
    );
  }
  const appModulePath = join(service.dir, 'src', 'app.module.ts');
  if (!existsSync(appModulePath)) throw usageError(`${relative(paths.root, appModulePath)} not found: cannot register the new code`);
  return { paths, service, appModulePath };
}

/** The first of `patterns` that a quoted literal anywhere in src/ already names: a handler for it exists. */
export function handledAlready(dir: string, patterns: string[]): string | undefined {
  const sources: string[] = [];
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (entry.name.endsWith('.ts')) sources.push(readFileSync(p, 'utf8'));
    }
  };
  if (existsSync(join(dir, 'src'))) visit(join(dir, 'src'));
  return patterns.find((pattern) => sources.some((s) => [`'${pattern}'`, `"${pattern}"`, `\`${pattern}\``].some((n) => s.includes(n))));
}

/** The `create` / `update` lines printed for a dry run and after writing. */
export function changeLines(created: string[], updated: string[]): string[] {
  return [...created.map((f) => `  ${colors.green('create')} ${f}`), ...updated.map((f) => `  ${colors.yellow('update')} ${f}`)];
}
