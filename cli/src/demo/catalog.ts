import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { datasetFile, loadCheckpoints } from './checkpoints.js';
import { formatPath, invalidScenario, loadScenario, locateIn, type ScenarioIssue } from './load.js';
import type { ServiceSpec } from '../stack/declaration.js';
import { lookup } from './steps/index.js';
import type { Scenario } from './scenario.js';

export function demosDir(root: string): string {
  return join(root, 'demos');
}

/** Scenario files: demos/*.yaml (checkpoints.yaml is not one). */
export function scenarioFiles(root: string): string[] {
  const dir = demosDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'checkpoints.yaml')
    .sort()
    .map((f) => join(dir, f));
}

/** A name (demos/<name>.yaml) or a path to a file. */
export function resolveScenario(root: string, nameOrFile: string): string {
  if (/[\\/]/.test(nameOrFile) || /\.ya?ml$/.test(nameOrFile)) {
    const file = resolve(nameOrFile);
    if (!existsSync(file)) throw usageError(`no scenario file at ${nameOrFile}`);
    return file;
  }
  for (const ext of ['.yaml', '.yml']) {
    const file = join(demosDir(root), nameOrFile + ext);
    if (existsSync(file)) return file;
  }
  const known = scenarioFiles(root).map((f) => basename(f, extname(f)));
  throw usageError(
    `unknown scenario "${nameOrFile}"`,
    known.length ? `scenarios: ${known.join(', ')} (see \`platform demo --list\`)` : 'there is no scenario under demos/ yet',
  );
}

/**
 * Checks what the schema cannot: checkpoints, datasets and services named by the scenario exist.
 * Runs before the first step, so a typo never leaves a demo half-way.
 */
export async function preflight(s: Scenario, root: string, services: ServiceSpec[]): Promise<void> {
  const locate = locateIn(s);
  const issues: ScenarioIssue[] = [];
  const add = (path: (string | number)[], message: string) => {
    const at = locate(path);
    issues.push({ file: s.file, line: at.line, column: at.column, path: formatPath(path), message });
  };
  const checkpoints = (await loadCheckpoints(root)).map((c) => c.name);
  const names = services.map((x) => x.name);
  const service = (path: (string | number)[], name: string) => {
    if (!name.includes('${') && !names.includes(name)) add(path, `unknown service "${name}"; expected one of ${names.join(', ')}`);
  };
  if (s.checkpoint && !checkpoints.includes(s.checkpoint))
    add(['checkpoint'], `unknown checkpoint "${s.checkpoint}"; expected one of ${checkpoints.join(', ')} (demos/checkpoints.yaml)`);
  s.steps.forEach((step, i) => {
    const at = (path: (string | number)[]) => ['steps', i, ...path];
    const { kind, payload } = lookup(step);
    kind.preflight?.(payload, {
      service: (path, name) => service(at(path), name),
      checkpoint: (path, name) => {
        if (!checkpoints.includes(name))
          add(at(path), `unknown checkpoint "${name}"; expected one of ${checkpoints.join(', ')} (demos/checkpoints.yaml)`);
      },
      dataset: (path, name) => {
        if (!existsSync(datasetFile(root, name))) add(at(path), `no dataset "${name}" (expected demos/data/${name}.json)`);
      },
    });
  });
  if (issues.length) throw invalidScenario(s.file, issues);
}

export interface ScenarioSummary {
  name: string;
  file: string;
  description: string;
  steps: number;
  checkpoint?: string;
  error?: string;
}

/** Every scenario with its one-line description; a broken file is listed with its error, not hidden. */
export async function listScenarios(root: string, display: (f: string) => string): Promise<ScenarioSummary[]> {
  const out: ScenarioSummary[] = [];
  for (const file of scenarioFiles(root)) {
    try {
      const s = await loadScenario(file, display(file));
      out.push({ name: s.name, file: display(file), description: s.description, steps: s.steps.length, checkpoint: s.checkpoint });
    } catch (e) {
      out.push({
        name: basename(file, extname(file)),
        file: display(file),
        description: '',
        steps: 0,
        error: (e as Error).message.split('\n')[1]?.trim() ?? (e as Error).message,
      });
    }
  }
  return out;
}
