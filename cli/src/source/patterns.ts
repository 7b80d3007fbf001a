/**
 * A service's message and event patterns read from its TypeScript source, with no running process:
 * the same shape `platform.describe` answers (cli/src/transports/tcp/describe.ts).
 *
 *   readPatterns(entry, tsconfig?): { patterns, problems }
 *
 * The program starts at the app's entry (src/main.ts) and follows its imports, so controllers in
 * libraries count and other apps of a monorepo do not. Constants, `as const` objects and enums are
 * resolved with the type checker; DTO classes become JSON schemas from their class-validator rules.
 */
import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import ts from 'typescript';
import type { PatternDescription } from '../transports/tcp/describe.js';
import { dtoSchema } from './dto-schema.js';
import { decoratorsOf, evaluate, Unresolved } from './evaluate.js';

export interface SourcePatterns {
  patterns: PatternDescription[];
  /** Handlers whose pattern could not be read from source, as "file:line: why". */
  problems: string[];
}

const KINDS: Record<string, PatternDescription['kind']> = { MessagePattern: 'message', EventPattern: 'event' };
const TRANSPORTS: Record<string, PatternDescription['transport']> = { TCP: 'tcp', KAFKA: 'kafka' };

export function readPatterns(entry: string, tsconfig?: string): SourcePatterns {
  return patternsIn(sourceProgram(entry, tsconfig));
}

/** The app's program: its entry and everything it imports, compiled with its own tsconfig when it has one. */
export function sourceProgram(entry: string, tsconfig?: string): ts.Program {
  return ts.createProgram([entry], compilerOptions(tsconfig ?? ts.findConfigFile(dirname(entry), existsSync)));
}

/** The app's own source files (not declarations, not node_modules). */
export const ownFiles = (program: ts.Program) =>
  program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));

export function patternsIn(program: ts.Program): SourcePatterns {
  const checker = program.getTypeChecker();
  const patterns: PatternDescription[] = [];
  const problems: string[] = [];
  for (const file of ownFiles(program)) {
    const visit = (node: ts.Node): void => {
      if (ts.isMethodDeclaration(node)) readHandler(node);
      ts.forEachChild(node, visit);
    };
    const readHandler = (method: ts.MethodDeclaration) => {
      const decorators = decoratorsOf(method);
      for (const d of decorators) {
        const kind = KINDS[d.name];
        if (!kind) continue;
        try {
          const [patternArg, transportArg] = d.args;
          const pattern = evaluate(checker, patternArg);
          const doc = decorators.find((x) => x.name === 'PatternDoc');
          const docValue = doc?.args[0] ? (evaluate(checker, doc.args[0]) as { description?: string; example?: unknown }) : {};
          const dto = payloadClass(checker, method);
          const schema = dto ? dtoSchema(checker, dto) : undefined;
          const entry: PatternDescription = { pattern, kind, transport: transportOf(transportArg) };
          if (docValue.description !== undefined) entry.description = docValue.description;
          if (schema) entry.schema = schema;
          const example = docValue.example ?? (dto ? staticExample(checker, dto) : undefined);
          if (example !== undefined) entry.example = example;
          for (const p of Array.isArray(pattern) ? pattern : [pattern]) patterns.push({ ...entry, pattern: p });
        } catch (e) {
          if (!(e instanceof Unresolved)) throw e;
          const { line } = file.getLineAndCharacterOfPosition(method.getStart());
          problems.push(`${relative(process.cwd(), file.fileName)}:${line + 1}: ${e.message}`);
        }
      }
    };
    visit(file);
  }
  return { patterns, problems };
}

function compilerOptions(tsconfig: string | undefined): ts.CompilerOptions {
  const defaults: ts.CompilerOptions = {
    experimentalDecorators: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  };
  if (!tsconfig) return { ...defaults, noEmit: true, skipLibCheck: true };
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, dirname(tsconfig));
  return { ...defaults, ...parsed.options, noEmit: true, skipLibCheck: true, types: [] };
}

/** `Transport.TCP` -> tcp; none (or options) -> any, as Nest registers the handler on every transport. */
function transportOf(arg: ts.Expression | undefined): PatternDescription['transport'] {
  if (arg && ts.isPropertyAccessExpression(arg)) return TRANSPORTS[arg.name.text] ?? 'any';
  return 'any';
}

/** The class of the @Payload() parameter, else of the first parameter typed with a class. */
function payloadClass(checker: ts.TypeChecker, method: ts.MethodDeclaration): ts.ClassDeclaration | undefined {
  const params = [...method.parameters];
  const payload = params.find((p) => decoratorsOf(p).some((d) => d.name === 'Payload'));
  for (const p of payload ? [payload] : params) {
    if (decoratorsOf(p).some((d) => d.name === 'Ctx')) continue;
    const decl = checker.getTypeAtLocation(p).getSymbol()?.declarations?.find(ts.isClassDeclaration);
    if (decl) return decl;
  }
  return undefined;
}

function staticExample(checker: ts.TypeChecker, dto: ts.ClassDeclaration): unknown {
  const member = dto.members.find(
    (m): m is ts.PropertyDeclaration =>
      ts.isPropertyDeclaration(m) &&
      !!m.initializer &&
      m.name.getText() === 'example' &&
      !!ts.getCombinedModifierFlags(m) &&
      (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0,
  );
  if (!member?.initializer) return undefined;
  try {
    return evaluate(checker, member.initializer);
  } catch (e) {
    if (e instanceof Unresolved) return undefined;
    throw e;
  }
}
