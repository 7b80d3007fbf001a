import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { failedError, usageError } from '../errors.js';
import { chartFiles, writeChart } from '../deploy/chart.js';
import { deployTools, installDeployTools, isInstalled, runCheck, type CheckReport } from '../deploy/deploy-tools.js';
import { buildCommand } from '../deploy/dockerfile.js';
import { deployModel } from '../deploy/model.js';
import { checkValues, defaultValues, mergeValues, valuesSchema, type Values } from '../deploy/values.js';
import { projectPaths } from '../stack/project.js';
import { discoverServices } from '../stack/services.js';
import { colors } from '../ui/colors.js';
import { printJson, printTable, progress } from '../ui/output.js';

export interface DeployFlags {
  out?: string;
  values?: string;
  json?: boolean;
  print?: boolean;
}

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Declarations -> model -> values (defaults under the user's file, checked against the chart's schema). */
async function plan(flags: DeployFlags) {
  const paths = projectPaths();
  const specs = discoverServices(paths.servicesDir);
  const model = deployModel(specs);
  const defaults = defaultValues(model, VERSION);
  const values = flags.values ? mergeValues(defaults, readValuesFile(flags.values)) : defaults;
  await checkValues(values, valuesSchema(defaults), flags.values ?? 'values');
  return { paths, specs, model, defaults, values, out: resolve(paths.root, flags.out ?? 'deploy') };
}

function readValuesFile(file: string): Values {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw usageError(
      `cannot read values file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'pass a YAML file of chart values, e.g. --values prod.yaml',
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw usageError(`values file ${file} must hold a YAML mapping of chart values`);
  return parsed as Values;
}

/** `platform deploy render`: the services' declarations as a Helm chart, plus a Dockerfile per service. */
export async function deployRenderAction(flags: DeployFlags): Promise<void> {
  const { paths, specs, model, defaults, values, out } = await plan(flags);
  const rendered = writeChart(paths.root, out, specs, chartFiles(model, values, defaults, VERSION));
  const summary = {
    chart: rendered.chartDir,
    dockerfiles: rendered.dockerDir,
    services: model.services.map((s) => ({
      name: s.name,
      tcpPort: s.tcpPort,
      httpPort: s.httpPort,
      callers: s.callers,
      consumes: s.consumes,
      produces: s.produces,
    })),
    topics: model.topics.map((t) => ({
      name: t.name,
      partitions: (values.kafka as { topics: Record<string, { partitions: number }> }).topics[t.name].partitions,
      producers: t.producers,
      consumers: t.consumers,
    })),
    files: rendered.files.length,
  };
  if (flags.json) return printJson(summary);
  printTable(
    ['service', 'ports', 'called by', 'consumes', 'produces'],
    summary.services.map((s) => [
      s.name,
      [s.tcpPort, s.httpPort].filter(Boolean).join(', '),
      s.callers.join(', ') || '-',
      s.consumes.join(', ') || '-',
      s.produces.join(', ') || '-',
    ]),
  );
  process.stdout.write(
    `\nRendered the chart to ${relative(paths.root, rendered.chartDir) || '.'} (${summary.topics.length} topics, ${summary.services.length} services) and Dockerfiles to ${relative(paths.root, rendered.dockerDir)}.\n` +
      `Next: \`platform deploy check\` validates it; \`platform deploy images --print\` shows the image builds.\n`,
  );
}

/** `platform deploy check`: helm lint + helm template + strict decoding of every object, with no cluster. */
export async function deployCheckAction(flags: DeployFlags): Promise<void> {
  const paths = projectPaths();
  const chartDir = join(resolve(paths.root, flags.out ?? 'deploy'), 'chart');
  if (!existsSync(join(chartDir, 'Chart.yaml')))
    throw usageError(`no chart at ${relative(paths.root, chartDir)}`, 'run `platform deploy render` first (same --out)');
  if (flags.values)
    await checkValues(
      mergeValues(parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')), readValuesFile(flags.values)),
      JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')),
      flags.values,
    );
  const steps = progress(!flags.json);
  if (!isInstalled(deployTools(paths.cacheDir))) steps.step('building helm and the manifest checker with Go (once; a few minutes)');
  const tools = await installDeployTools(paths.cacheDir);
  steps.step('helm lint, helm template, strict decoding of every object');
  let report: CheckReport;
  try {
    report = await runCheck(tools, chartDir, flags.values);
  } finally {
    steps.done();
  }
  const counts = { kubernetes: 0, crd: 0, none: 0 };
  for (const o of report.objects) counts[o.check]++;
  const problems =
    report.lint.filter((m) => m.severity === 'error' || m.severity === 'warning').length +
    report.objects.filter((o) => o.errors.length).length;
  if (flags.json) printJson({ chart: chartDir, ...report, counts });
  else {
    for (const m of report.lint.filter((m) => m.severity !== 'info'))
      process.stdout.write(`${colors.red('lint')} ${m.severity} ${m.path}: ${m.message}\n`);
    printTable(
      ['kind', 'name', 'checked against', 'result'],
      report.objects.map((o) => [
        o.kind,
        o.name,
        o.check === 'none'
          ? 'no schema (Strimzi CRDs are not in a registry)'
          : o.check === 'crd'
            ? 'operator CRD schema'
            : 'Kubernetes API types',
        o.errors.length ? colors.red(o.errors.join('\n')) : o.check === 'none' ? colors.yellow('not checked') : colors.green('ok'),
      ]),
    );
  }
  if (!report.ok)
    throw failedError(
      `the chart has ${problems} problem${problems === 1 ? '' : 's'} (above)`,
      'fix the declarations or values, then `platform deploy render` and check again',
    );
  if (!flags.json)
    process.stdout.write(
      `\n${colors.green('✓')} helm lint and helm template passed; ${counts.kubernetes} objects decoded strictly against the Kubernetes API, ${counts.crd} against their operators' CRDs, ${counts.none} without a schema.\n`,
    );
}

/** `platform deploy images --print`: the image builds, one per service, from the generated Dockerfiles. */
export async function deployImagesAction(flags: DeployFlags): Promise<void> {
  if (!flags.print)
    throw usageError(
      '`platform deploy images` only prints the build commands (building needs a Docker engine, which the platform does not drive)',
      'run `platform deploy images --print`, then run the commands where Docker is',
    );
  const { model, values, out, paths } = await plan(flags);
  const image = values.image as { registry: string; tag: string };
  const dir = relative(paths.root, join(out, 'docker')) || '.';
  const commands = model.services.map((s) => ({
    service: s.name,
    command: buildCommand(`${dir}/${s.name}.Dockerfile`, `${image.registry}/${s.name}:${image.tag}`),
  }));
  if (flags.json) return printJson(commands);
  process.stdout.write(commands.map((c) => c.command).join('\n') + '\n');
}
