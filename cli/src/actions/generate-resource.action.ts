import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { usageError } from '../errors.js';
import { colors } from '../ui/colors.js';
import { printJson, progress } from '../ui/output.js';
import { installWorkspace } from '../generate/install.js';
import { pascalCase } from '../generate/names.js';
import {
  planResource,
  resourceNames,
  resourceSchematics,
  validateResourceName,
  validateResourceType,
  type ResourcePlan,
} from '../generate/resource-plan.js';
import { runNestSchematics } from '../generate/schematics.js';
import { changeLines, handledAlready, targetService } from '../generate/target-service.js';
import { writeAtomically } from '../generate/write.js';

export interface GenerateResourceFlags {
  type?: string;
  mongo?: boolean;
  install?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export async function generateResourceAction(serviceName: string, name: string, flags: GenerateResourceFlags): Promise<void> {
  const { paths, service, appModulePath } = targetService(serviceName);
  validateResourceName(name);
  const type = validateResourceType(flags.type ?? 'microservice');
  if (type === 'rest' && service.httpPort === undefined) {
    throw usageError(
      `services/${service.name} has no HTTP listener, so a REST resource would not be served`,
      `use the default \`--type microservice\` (TCP patterns), or generate the service with --http`,
    );
  }
  const names = resourceNames(service.name, name);
  const featureDir = join(service.dir, 'src', name);
  if (existsSync(featureDir))
    throw usageError(`${relative(paths.root, featureDir)} already exists`, 'pick another resource name; nothing was written');
  const moduleClass = `${pascalCase(name)}Module`;
  if (new RegExp(`\\b${moduleClass}\\b`).test(readFileSync(appModulePath, 'utf8'))) {
    throw usageError(
      `${relative(paths.root, appModulePath)} already has a ${moduleClass}`,
      'pick another resource name; nothing was written',
    );
  }
  const packagePath = join(service.dir, 'package.json');
  const packageJson = readFileSync(packagePath, 'utf8');
  const generated = await runNestSchematics(service.dir, resourceSchematics(names, type));
  // The schematic edits package.json only when @nestjs/mapped-types is missing.
  if (!generated.has('package.json')) generated.set('package.json', packageJson);
  const plan = planResource(names, type, Boolean(flags.mongo), generated);
  const taken = handledAlready(service.dir, plan.patterns);
  if (taken)
    throw usageError(`services/${service.name} already has a handler for "${taken}"`, 'pick another resource name; nothing was written');

  const added = newDependencies(packageJson, plan.packageJson);
  const files = [...plan.files.keys()].map((f) => relative(paths.root, join(service.dir, f)));
  const updated = [appModulePath, ...(plan.packageJson !== packageJson ? [packagePath] : [])].map((f) => relative(paths.root, f));
  const result = {
    service: service.name,
    resource: name,
    type,
    mongo: plan.mongo,
    patterns: plan.patterns,
    files,
    updated,
    dependencies: added,
  };
  if (flags.dryRun) {
    if (flags.json) return printJson({ dryRun: true, ...result });
    process.stdout.write(
      [
        `Would add the ${describe(plan)} ${colors.bold(name)} to ${service.name}; nothing was written.`,
        ...changeLines(files, updated),
      ].join('\n') + '\n',
    );
    return;
  }
  // The resource folder appears whole (temp + rename); AppModule and package.json are edited once it exists.
  writeAtomically(paths.root, featureDir, new Map([...plan.files].map(([f, c]) => [f.slice(`src/${name}/`.length), c])));
  writeFileSync(appModulePath, plan.appModule);
  writeFileSync(packagePath, plan.packageJson);
  let installed: string | undefined;
  if (added.length && flags.install !== false) {
    const steps = progress(!flags.json);
    steps.step(`Resolving ${added.join(', ')}`);
    installed = await installWorkspace(paths.root, service.dir, added);
    steps.done(installed === 'resolved' ? '(already resolvable, no install needed)' : '(npm install)');
  }
  if (flags.json) return printJson({ ...result, installed: installed ?? false });
  process.stdout.write(
    [
      `${colors.green('✓')} Added the ${describe(plan)} ${colors.bold(name)} to ${service.name}`,
      ...changeLines(files, updated),
      '',
      `Next: \`platform up ${service.name}\` rebuilds it; ${nextStep(plan)}`,
    ].join('\n') + '\n',
  );
}

function describe(plan: ResourcePlan): string {
  return `${plan.type === 'rest' ? 'REST' : 'TCP'} resource${plan.mongo ? ' (MongoDB)' : ''}`;
}

function nextStep(plan: ResourcePlan): string {
  if (plan.type === 'rest')
    return `\`curl -X POST -H 'content-type: application/json' -d '{"name":"First"}' http://127.0.0.1:<http port>/${plan.names.name}\``;
  return `\`platform send tcp ${plan.names.service} ${plan.names.prefix}.create '{"name":"First"}'\``;
}

function newDependencies(before: string, after: string): string[] {
  const had = (JSON.parse(before) as { dependencies?: Record<string, string> }).dependencies ?? {};
  return Object.keys((JSON.parse(after) as { dependencies?: Record<string, string> }).dependencies ?? {}).filter((d) => !(d in had));
}
