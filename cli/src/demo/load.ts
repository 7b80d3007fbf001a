import { readFileSync } from 'node:fs';
import { basename, extname, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { assetPath } from '../assets.js';
import { usageError } from '../errors.js';
import { references } from './interpolate.js';
import { scenarioSchema } from './schema.js';
import { kindOf, STEP_KINDS } from './steps/index.js';
import type { Scenario, Step } from './scenario.js';

export const BUILTIN_VARS = ['runId', 'scenario', 'gatewayUrl'];
export const SCHEMA_PATH = assetPath('demos', 'scenario.schema.json');

/** One problem in a scenario file, where an editor would put the squiggle. */
export interface ScenarioIssue {
  file: string;
  line: number;
  column: number;
  /** e.g. steps[3].http.method */
  path: string;
  message: string;
}

type Segment = string | number;
export type Locate = (path: Segment[], key?: boolean) => { line: number; column: number };

let validator: ValidateFunction | undefined;
async function schemaValidator(): Promise<ValidateFunction> {
  if (validator) return validator;
  const { default: Ajv } = await import('ajv');
  const schema = scenarioSchema(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  const ajv = new Ajv.default({ allErrors: true, verbose: true, strict: false });
  validator = ajv.compile(schema);
  return validator;
}

export async function loadScenario(file: string, displayName = relative(process.cwd(), file) || file): Promise<Scenario> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(
      `cannot read scenario ${displayName}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'see `platform demo --list`',
    );
  }
  const { scenario, issues } = await parseScenario(source, displayName);
  if (!scenario) throw invalidScenario(displayName, issues);
  return scenario;
}

export function invalidScenario(file: string, issues: ScenarioIssue[]) {
  const lines = issues.slice(0, 20).map((i) => `  ${i.file}:${i.line}:${i.column}  ${i.path ? i.path + ': ' : ''}${i.message}`);
  if (issues.length > 20) lines.push(`  ... and ${issues.length - 20} more`);
  return usageError(
    `scenario ${file} is not valid (${issues.length} problem${issues.length > 1 ? 's' : ''}); no step was run:\n${lines.join('\n')}`,
    'fix the lines above; the format is demos/scenario.schema.json (editors with the YAML extension check it as you type)',
  );
}

/** Parses and validates without throwing: the issues are for the caller (and for unit tests). */
export async function parseScenario(source: string, file: string): Promise<{ scenario?: Scenario; issues: ScenarioIssue[] }> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issue = (pos: { line: number; col: number } | undefined, path: string, message: string): ScenarioIssue => ({
    file,
    line: pos?.line ?? 1,
    column: pos?.col ?? 1,
    path,
    message,
  });
  if (doc.errors.length) {
    // After the first syntax error the parser is lost; the rest is noise.
    const e = doc.errors[0];
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const line = source.split('\n')[(e.linePos?.[0].line ?? 1) - 1] ?? '';
    const hint = /\{[^}]*\$\{/.test(line) ? ' (inside { }, quote values that contain ${...}: "${name}")' : '';
    return { issues: [issue(e.linePos?.[0], '', `YAML syntax: ${msg}${hint}`)] };
  }
  const locate = locator(doc, lineCounter);
  const data = doc.toJS() as unknown;
  const validate = await schemaValidator();
  if (!validate(data)) {
    const issues = explain(validate.errors ?? [], data).map(({ path, key, message }) => {
      const at = locate(path, key);
      return { file, line: at.line, column: at.column, path: formatPath(path), message };
    });
    return { issues: dedupe(issues).sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const raw = data as Omit<Scenario, 'file' | 'stepLines' | 'name' | 'steps'> & { name?: string; steps: object[] };
  const scenario: Scenario = {
    ...raw,
    steps: raw.steps.map(withKind),
    name: raw.name ?? basename(file, extname(file)),
    file,
    stepLines: raw.steps.map((_, i) => locate(['steps', i]).line),
  };
  Object.defineProperty(scenario, 'locate', { value: locate, enumerable: false });
  const issues = checkVariables(scenario, locate, doc).map((v) => ({ file, ...v }));
  return issues.length ? { issues } : { scenario, issues };
}

/** The schema let through exactly one action per step: the runner knows it as the step's kind. */
function withKind(source: object): Step {
  const kind = kindOf(source);
  if (!kind) throw new Error(`a step without an action passed the schema: ${JSON.stringify(source)}`);
  return { kind, ...source } as Step;
}

export function locateIn(scenario: Scenario): Locate {
  return (scenario as unknown as { locate?: Locate }).locate ?? (() => ({ line: 1, column: 1 }));
}

/** Every `${name}` must be a built-in, a `vars` entry, or captured by an earlier step. */
function checkVariables(s: Scenario, locate: Locate, doc: Document): Omit<ScenarioIssue, 'file'>[] {
  const defined = new Set([...BUILTIN_VARS, ...Object.keys(s.vars ?? {})]);
  const issues: Omit<ScenarioIssue, 'file'>[] = [];
  s.steps.forEach((step, i) => {
    const { capture, ...rest } = step;
    for (const name of new Set(references(rest))) {
      if (defined.has(name)) continue;
      const path = findScalar(doc, ['steps', i], '${' + name) ?? ['steps', i];
      const later = s.steps.findIndex((st, j) => j >= i && st.capture && name in st.capture);
      const hint = later >= 0 ? ` (step ${later + 1} captures it, which is too late)` : ` (known here: ${[...defined].join(', ')})`;
      const at = locate(path);
      issues.push({
        line: at.line,
        column: at.column,
        path: formatPath(path),
        message: `\${${name}} is not defined before this step${hint}`,
      });
    }
    for (const name of Object.keys(capture ?? {})) defined.add(name);
  });
  return issues;
}

function findScalar(doc: Document, base: Segment[], needle: string): Segment[] | undefined {
  const walk = (node: unknown, path: Segment[]): Segment[] | undefined => {
    if (isScalar(node)) return typeof node.value === 'string' && node.value.replace(/\$\{\s+/g, '${').includes(needle) ? path : undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const found = walk(pair.key, path) ? path : walk(pair.value, [...path, k]);
        if (found) return found;
      }
    }
    if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const found = walk(node.items[i], [...path, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(doc.getIn(base, true), base);
}

function locator(doc: Document, lc: LineCounter): Locate {
  return (path, key = false) => {
    // Walk as deep as the document goes; point at the key of the last pair when asked.
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        keyNode = undefined;
        node = node.items[seg];
      } else break;
    }
    const target = (key && keyNode ? keyNode : (node as Node | null)) ?? keyNode;
    const offset = target?.range?.[0] ?? 0;
    const pos = lc.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

interface Explained {
  path: Segment[];
  key?: boolean;
  message: string;
}

/**
 * Turns ajv's errors into one message per problem, saying what was expected. Unions (anyOf/oneOf)
 * make ajv report every branch; we keep the branch the value was meant for, or say what each allows.
 */
function explain(errors: ErrorObject[], _data: unknown): Explained[] {
  const out: Explained[] = [];
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const handled = new Set<string>();
  for (const e of errors) {
    const path = toSegments(e.instancePath);
    const P = e.instancePath;
    if (/^\/steps\/\d+$/.test(P) && (e.keyword === 'oneOf' || /^#\/oneOf\/\d+\/required$/.test(e.schemaPath))) {
      if (e.keyword !== 'oneOf') continue;
      const found = STEP_KINDS.filter((a) => a in ((e.data as object) ?? {}));
      const unknownKey = errors.some((x) => x.instancePath === P && x.keyword === 'additionalProperties');
      if (found.length > 1)
        out.push({ path, message: `a step has exactly one action, found ${found.join(' and ')} (split it into ${found.length} steps)` });
      else if (!found.length && !unknownKey) out.push({ path, message: `expected one action in this step: ${STEP_KINDS.join(', ')}` });
      continue;
    }
    if (unionPaths.has(P) && !/^\/steps\/\d+$/.test(P)) {
      if (handled.has(P)) continue;
      const deeper = errors.some((d) => d.instancePath.startsWith(P + '/'));
      if (deeper) continue; // the deeper errors say it better
      const objectBranch = errors.filter((d) => d.instancePath === P && (d.keyword === 'required' || d.keyword === 'additionalProperties'));
      if (objectBranch.length) {
        if (['required', 'additionalProperties'].includes(e.keyword)) out.push(...explainOne(e, path));
        continue;
      }
      handled.add(P);
      const unions = errors.filter((d) => d.instancePath === P && (d.keyword === 'anyOf' || d.keyword === 'oneOf'));
      const outer = unions[unions.length - 1];
      out.push({ path, message: `expected ${unionExpectation(outer)}, got ${describeValue(e.data)}` });
      continue;
    }
    out.push(...explainOne(e, path));
  }
  return out;
}

function unionExpectation(e: ErrorObject): string {
  const desc = (e.parentSchema as { description?: string })?.description;
  if (desc && /^an? /.test(desc)) return desc;
  return ((e.schema as Record<string, unknown>[]) ?? []).map(describeSchema).join(' or ');
}

function explainOne(e: ErrorObject, path: Segment[]): Explained[] {
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(extra, allowed);
      return [
        {
          path: [...path, extra],
          key: true,
          message: `unknown field "${extra}"${guess ? ` (did you mean "${guess}"?)` : allowed.length ? `; expected one of ${allowed.join(', ')}` : ''}`,
        },
      ];
    }
    case 'required':
      return [{ path, message: `missing "${(e.params as { missingProperty: string }).missingProperty}"` }];
    case 'enum':
      return [
        {
          path,
          message: `expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, got ${describeValue(e.data)}`,
        },
      ];
    case 'type':
      return [
        {
          path,
          message: `expected ${[(e.params as { type: string | string[] }).type].flat().map(article).join(' or ')}, got ${describeValue(e.data)}`,
        },
      ];
    case 'pattern': {
      const desc = (e.parentSchema as { description?: string })?.description;
      return [
        { path, message: `expected ${desc ?? `text matching ${(e.params as { pattern: string }).pattern}`}, got ${describeValue(e.data)}` },
      ];
    }
    case 'propertyNames':
      return [];
    case 'minItems':
      return [{ path, message: `expected at least ${(e.params as { limit: number }).limit} item(s)` }];
    case 'minProperties':
    case 'maxProperties': {
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      return [
        {
          path,
          message: allowed.length
            ? `expected exactly one of ${allowed.join(', ')}`
            : `expected ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${(e.params as { limit: number }).limit} field(s)`,
        },
      ];
    }
    default:
      return [{ path, message: `expected a value that ${e.message}, got ${describeValue(e.data)}` }];
  }
}

function describeSchema(s: Record<string, unknown>): string {
  if (s.$ref) return String(s.$ref).split('/').pop() ?? 'a value';
  const t = s.type as string | string[] | undefined;
  return t ? [t].flat().map(article).join(' or ') : 'a value';
}

function article(t: string): string {
  return t === 'null' ? 'nothing' : t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v);
}

function toSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function formatPath(path: Segment[]): string {
  return path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

function dedupe(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.column}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The allowed name nearest to a typo (edit distance <= 2). */
function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}

export type { Step };
