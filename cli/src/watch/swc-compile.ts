import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markBuilt, type BuildResult } from '../stack/build.js';

interface Compiler {
  outDir: string;
  sourceRoot: string;
  options: Record<string, unknown>;
  transformFile: (file: string, options: Record<string, unknown>) => Promise<{ code: string; map?: string }>;
}

const compilers = new Map<string, Promise<Compiler | undefined>>();

/**
 * The options `nest build` gives SWC for this service (Nest CLI's own factory, its tsconfig and
 * .swcrc), once per service; undefined when the service does not build with the SWC builder.
 */
export function compilerFor(dir: string): Promise<Compiler | undefined> {
  let found = compilers.get(dir);
  if (!found) {
    found = loadCompiler(dir).catch(() => undefined);
    compilers.set(dir, found);
  }
  return found;
}

async function loadCompiler(dir: string): Promise<Compiler | undefined> {
  const configFile = join(dir, 'nest-cli.json');
  if (!existsSync(configFile)) return undefined;
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    sourceRoot?: string;
    compilerOptions?: { builder?: string | { type?: string }; tsConfigPath?: string };
  };
  const builder = config.compilerOptions?.builder;
  if ((typeof builder === 'string' ? builder : builder?.type) !== 'swc' || existsSync(join(dir, '.swcrc'))) return undefined;
  const require = createRequire(join(dir, 'package.json'));
  const ts = require('typescript') as typeof import('typescript');
  const tsconfig = join(
    dir,
    config.compilerOptions?.tsConfigPath ?? (existsSync(join(dir, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json'),
  );
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) return undefined;
  const defaults = (await import(pathToFileURL(require.resolve('@nestjs/cli/lib/compiler/defaults/swc-defaults.js')).href)) as {
    swcDefaultsFactory: (
      tsOptions: unknown,
      configuration: unknown,
    ) => { swcOptions: Record<string, unknown>; cliOptions: { outDir: string } };
  };
  const swc = require('@swc/core') as { transformFile: Compiler['transformFile'] };
  const cwd = process.cwd();
  // The factory reads package.json's "type" from the working directory, as `nest build` run there does.
  process.chdir(dir);
  try {
    const { swcOptions, cliOptions } = defaults.swcDefaultsFactory(parsed.options, config);
    const { swcrc: _swcrc, ...options } = swcOptions;
    return {
      outDir: resolve(dir, cliOptions.outDir),
      sourceRoot: join(dir, config.sourceRoot ?? 'src'),
      options,
      transformFile: swc.transformFile,
    };
  } finally {
    process.chdir(cwd);
  }
}

/**
 * Recompiles only the changed files of a service, in this process, with the options `nest build`
 * would use: what `nest start --watch` does, without a Nest CLI start per save. Returns undefined
 * when this does not apply (another builder, a removed file, a file outside src/): then the caller
 * runs the full build.
 */
export async function compileChangedFiles(dir: string, files: string[]): Promise<BuildResult | undefined> {
  const started = Date.now();
  const compiler = await compilerFor(dir);
  const sources = files.map((f) => join(dir, f));
  if (
    !compiler ||
    !sources.length ||
    sources.some((f) => !f.endsWith('.ts') || f.endsWith('.d.ts') || !f.startsWith(compiler.sourceRoot + '/') || !existsSync(f))
  )
    return undefined;
  const outputs: [string, string][] = [];
  for (const file of sources) {
    const out = join(compiler.outDir, relative(compiler.sourceRoot, file)).replace(/\.ts$/, '.js');
    try {
      const r = await compiler.transformFile(file, { ...compiler.options, filename: file, outputPath: out });
      outputs.push([out, r.map ? `${r.code}\n//# sourceMappingURL=${basename(out)}.map` : r.code]);
      if (r.map) outputs.push([`${out}.map`, r.map]);
    } catch (e) {
      // swc names the file by its absolute path; the watcher shows paths relative to the package.
      return {
        ok: false,
        output: String((e as Error).message ?? e)
          .split(`${dir}/`)
          .join(''),
        ms: Date.now() - started,
      };
    }
  }
  // Written only once every file compiled: a half-applied change would mix old and new modules.
  for (const [path, content] of outputs) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  markBuilt(dir);
  return { ok: true, output: '', ms: Date.now() - started };
}
