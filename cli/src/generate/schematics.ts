import { fileURLToPath } from 'node:url';

export interface SchematicStep {
  /** A schematic of @nestjs/schematics: controller, service, module, class, resource... */
  schematic: string;
  options: Record<string, unknown>;
}

/**
 * Runs @nestjs/schematics in memory, as `nest g` would (same templates, same module registration),
 * over a service folder on disk or over the files of a service not yet written, and returns the
 * files it created or changed (for a planned service: every file), relative to the service;
 * nothing is written, so a dry run is free and the caller writes atomically.
 */
export async function runNestSchematics(service: string | Map<string, string>, steps: SchematicStep[]): Promise<Map<string, string>> {
  const [{ HostTree, SchematicEngine }, { NodeModulesEngineHost }, { normalize, virtualFs }, { NodeJsSyncHost }, { lastValueFrom, of }] =
    await Promise.all([
      import('@angular-devkit/schematics'),
      import('@angular-devkit/schematics/tools/index.js'),
      import('@angular-devkit/core'),
      import('@angular-devkit/core/node/index.js'),
      import('rxjs'),
    ]);
  const engine = new SchematicEngine(new NodeModulesEngineHost([fileURLToPath(new URL('../../', import.meta.url))]));
  const collection = engine.createCollection('@nestjs/schematics');
  const tree =
    typeof service === 'string' ? new HostTree(new virtualFs.ScopedHost(new NodeJsSyncHost(), normalize(service))) : new HostTree();
  if (typeof service !== 'string') for (const [path, content] of service) tree.create(path, content);
  for (const step of steps) {
    const defaults = { sourceRoot: 'src', language: 'ts', spec: true, specFileSuffix: 'spec', flat: false, skipImport: false };
    await lastValueFrom(collection.createSchematic(step.schematic).call({ ...defaults, ...step.options }, of(tree)));
  }
  const files = new Map<string, string>();
  for (const action of tree.actions) {
    if (action.kind === 'c' || action.kind === 'o') files.set(action.path.replace(/^\//, ''), action.content.toString('utf8'));
  }
  return files;
}
