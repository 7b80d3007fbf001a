import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { failedError, unreachableError } from '../errors.js';
import { findExecutable } from '../infra/tools.js';
import { tail } from '../ui/text.js';
import { recipesDir } from '../stack/project.js';
import { ensureCacheDir } from '../infra/cache-lock.js';

/**
 * The operators' own CRDs, from their Go modules on the module proxy. Strimzi is not a Go module and
 * its Maven artifacts (io.strimzi:api) carry Java model classes, not CRD YAML: its custom resources
 * are reported as unchecked.
 */
export const CRD_SOURCES = [
  { module: 'github.com/kedacore/keda/v2', version: 'v2.21.0', files: ['config/crd/bases/keda.sh_scaledobjects.yaml'] },
  {
    module: 'github.com/mongodb/mongodb-kubernetes-operator',
    version: 'v0.9.0',
    files: ['config/crd/bases/mongodbcommunity.mongodb.com_mongodbcommunity.yaml'],
  },
];

const moduleDir = () => join(recipesDir(), 'native/deploy-tools');

/** The build is keyed by its sources, so an edited checker or a bumped helm is rebuilt, never stale. */
export function deployToolsDir(cacheDir: string): string {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(moduleDir(), f)));
  hash.update(JSON.stringify(CRD_SOURCES));
  return join(cacheDir, `deploy-tools-${hash.digest('hex').slice(0, 12)}`);
}

export interface DeployTools {
  binary: string;
  crdsDir: string;
}

export const deployTools = (cacheDir: string): DeployTools => ({
  binary: join(deployToolsDir(cacheDir), 'deploy-tools'),
  crdsDir: join(deployToolsDir(cacheDir), 'crds'),
});

export const isInstalled = (tools: DeployTools) => existsSync(tools.binary) && existsSync(tools.crdsDir);

/** Builds helm (as a library) and our strict checker into one binary, and fetches the CRDs; idempotent. */
export async function installDeployTools(cacheDir: string): Promise<DeployTools> {
  const tools = deployTools(cacheDir);
  if (isInstalled(tools)) return tools;
  ensureCacheDir(cacheDir);
  const go = findExecutable('go');
  if (!go)
    throw unreachableError(
      '`go` is not on PATH; `platform deploy check` builds helm and its checker with it',
      'install Go 1.26+ (e.g. `sudo apt-get install golang`, or from go.dev), then run the command again',
    );
  const env = { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
  mkdirSync(join(tools.binary, '..'), { recursive: true });
  const tmp = `${tools.binary}.tmp-${process.pid}`;
  const build = await execa(go, ['build', '-trimpath', '-o', tmp, '.'], { cwd: moduleDir(), env, reject: false, all: true });
  if (build.exitCode !== 0) {
    rmSync(tmp, { force: true });
    throw failedError(
      `building helm and the manifest checker with Go failed:\n${tail(build.all ?? '', 15)}`,
      'check that the Go module proxy is reachable (`go env GOPROXY`), then run the command again',
    );
  }
  const crdsTmp = `${tools.crdsDir}.tmp-${process.pid}`;
  mkdirSync(crdsTmp, { recursive: true });
  for (const src of CRD_SOURCES) {
    // Outside any module, so the download touches no go.mod/go.sum of ours.
    const dl = await execa(go, ['mod', 'download', '-json', `${src.module}@${src.version}`], {
      cwd: join(tools.binary, '..'),
      env: { GOFLAGS: '' },
      reject: false,
    });
    const dir = dl.exitCode === 0 ? (JSON.parse(dl.stdout) as { Dir?: string }).Dir : undefined;
    if (!dir)
      throw failedError(
        `fetching ${src.module}@${src.version} for its CRDs failed:\n${tail(dl.stderr, 10)}`,
        'check that the Go module proxy is reachable (`go env GOPROXY`)',
      );
    for (const f of src.files) copyFileSync(join(dir, f), join(crdsTmp, f.split('/').pop()!));
  }
  renameSync(tmp, tools.binary);
  rmSync(tools.crdsDir, { recursive: true, force: true });
  renameSync(crdsTmp, tools.crdsDir);
  return tools;
}

export interface CheckReport {
  lint: { severity: string; path: string; message: string }[];
  objects: { source: string; kind: string; name: string; check: 'kubernetes' | 'crd' | 'none'; errors: string[] }[];
  ok: boolean;
}

/** `helm lint --strict`, `helm template`, then every object decoded strictly; one JSON report. */
export async function runCheck(tools: DeployTools, chartDir: string, valuesFile?: string): Promise<CheckReport> {
  const args = ['check', '-chart', chartDir, '-crds', tools.crdsDir, ...(valuesFile ? ['-values', valuesFile] : [])];
  const r = await execa(tools.binary, args, { reject: false });
  if (r.exitCode !== 0 && r.exitCode !== 1)
    throw failedError(`deploy-tools ${args.join(' ')} exited ${r.exitCode}:\n${tail(r.stderr, 15)}`);
  return JSON.parse(r.stdout) as CheckReport;
}

export async function renderTemplate(tools: DeployTools, chartDir: string): Promise<string> {
  const r = await execa(tools.binary, ['template', '-chart', chartDir], { reject: false });
  if (r.exitCode !== 0) throw failedError(`helm template failed:\n${tail(r.stderr, 15)}`, 'run `platform deploy check` for the details');
  return r.stdout;
}
