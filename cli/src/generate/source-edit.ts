/**
 * Small, checked edits of the templates' real TypeScript (no template syntax in .ts files): set
 * the value of an exported constant, add or remove a class in an `@Module({...})` array, the way
 * Nest's schematics register a new controller or module.
 */

/** `export const NAME = <anything>;` gets a new literal value; throws when the constant is missing. */
export function setConstant(source: string, name: string, value: string | number): string {
  const re = new RegExp(`(export const ${name}\\s*=\\s*)([^;\\n]+);`);
  if (!re.test(source)) throw new Error(`template is missing \`export const ${name} = ...;\``);
  const literal = typeof value === 'number' ? String(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return source.replace(re, (_m, head: string) => `${head}${literal};`);
}

/** Adds `className` (imported from `path`) to the `key` array of the first `@Module({...})`, creating the key if needed. */
export function addToModule(source: string, key: 'imports' | 'controllers' | 'providers', className: string, path: string): string {
  if (new RegExp(`\\b${className}\\b`).test(moduleBody(source).text)) return source;
  const out = addImport(source, className, path);
  const body = moduleBody(out);
  const array = findArray(out, body, key);
  if (!array) {
    // No such key yet: add `key: [X]` as the last property of the metadata object.
    const head = out.slice(0, body.end).replace(/,?\s*$/, '');
    const multiline = out.slice(body.start, body.end).includes('\n');
    const empty = body.end === body.start + 1 || !out.slice(body.start + 1, body.end).trim();
    if (empty) return `${out.slice(0, body.start + 1)} ${key}: [${className}] ${out.slice(body.end)}`;
    return multiline
      ? `${head},\n  ${key}: [${className}],\n${out.slice(body.end)}`
      : `${head}, ${key}: [${className}] ${out.slice(body.end)}`;
  }
  const inner = out.slice(array.start + 1, array.end);
  if (!inner.trim()) return out.slice(0, array.start + 1) + className + out.slice(array.end);
  if (inner.includes('\n')) {
    // One entry per line, trailing comma: insert a line before the closing bracket's line.
    const lineStart = out.lastIndexOf('\n', array.end - 1);
    const indent = /\n(\s*)\S/.exec(inner)?.[1] ?? '    ';
    const before = out.slice(0, lineStart).replace(/,?\s*$/, ',');
    return `${before}\n${indent}${className},${out.slice(lineStart)}`;
  }
  return out.slice(0, array.end).replace(/,?\s*$/, '') + `, ${className}` + out.slice(array.end);
}

/** Takes `className` out of the `@Module` arrays and drops its import line. */
export function removeFromModule(source: string, className: string): string {
  let out = source.replace(new RegExp(`^import \\{ ${className} \\} from '[^']+';\\n`, 'm'), '');
  const ownLine = new RegExp(`\\n[ \\t]*${className},?(?=\\n)`);
  if (ownLine.test(out)) return out.replace(ownLine, '');
  out = out.replace(new RegExp(`,\\s*${className}\\b|\\b${className},\\s*|\\b${className}\\b`), '');
  return out;
}

/** Adds `import { className } from 'path';` after the last import (once). */
export function addImport(source: string, className: string, path: string): string {
  const line = `import { ${className} } from '${path}';`;
  if (source.includes(line)) return source;
  const imports = [...source.matchAll(/^import [^;]+;$/gm)];
  if (!imports.length) return `${line}\n${source}`;
  const last = imports[imports.length - 1];
  const at = last.index! + last[0].length;
  return `${source.slice(0, at)}\n${line}${source.slice(at)}`;
}

/** Replaces what must be there (schematic output we build on); throws naming it when it is not, instead of silently producing something else. */
export function replaceExactly(source: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? source.includes(from) : new RegExp(from.source).test(source);
  if (!found) throw new Error(`unexpected schematic output: no ${String(from)}`);
  return source.replace(from, () => to);
}

/** A spec from `nest g` run by vitest: its functions imported, TestingModule as a type import. */
export function asVitestSpec(source: string): string {
  const out = replaceExactly(
    source,
    "import { Test, TestingModule } from '@nestjs/testing';",
    "import { Test, type TestingModule } from '@nestjs/testing';",
  );
  return `import { beforeEach, describe, expect, it } from 'vitest';\n${out}`;
}

/** Adds tests at the end of the spec's outer `describe` (after Nest's own "should be defined"). */
export function addTests(spec: string, tests: string): string {
  const end = spec.lastIndexOf('});');
  if (end === -1) throw new Error('unexpected schematic output: a spec without describe(...)');
  return spec.slice(0, end) + tests + spec.slice(end);
}

interface Span {
  start: number;
  end: number;
  text: string;
}

/** The `{...}` passed to the first `@Module(`. */
function moduleBody(source: string): Span {
  const at = source.indexOf('@Module(');
  if (at < 0) throw new Error('no @Module({...}) found');
  const start = source.indexOf('{', at);
  const end = matching(source, start);
  return { start, end, text: source.slice(start, end + 1) };
}

function findArray(source: string, body: Span, key: string): Span | undefined {
  const re = new RegExp(`\\b${key}\\s*:\\s*\\[`, 'g');
  re.lastIndex = body.start;
  const m = re.exec(source);
  if (!m || m.index > body.end) return undefined;
  const start = m.index + m[0].length - 1;
  const end = matching(source, start);
  return { start, end, text: source.slice(start, end + 1) };
}

/** Index of the bracket closing the one at `open`, skipping strings. */
function matching(source: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i;
  }
  throw new Error(`unbalanced bracket at ${open}`);
}
