import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { failedError } from '../../errors.js';
import { requireTool } from './require-tool.js';
import { tail } from '../../ui/text.js';

const COMPLETE = '.complete';

export const isMavenBuildComplete = (dir: string) => existsSync(join(dir, COMPLETE));

/**
 * Runs Maven on one of our poms with its output going to a temporary folder, then moves that folder
 * to `dir` in one rename: a half-finished download or build is never mistaken for a finished one.
 */
export async function mavenInto(dir: string, pom: string, goals: string[], what: string): Promise<void> {
  requireTool('java');
  const mvn = requireTool('mvn');
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  const result = await execa(mvn, ['-B', '-q', '-f', pom, ...goals.map((g) => g.replaceAll('${out}', tmp))], { reject: false, all: true });
  if (result.exitCode !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw failedError(
      `Maven could not ${what}:\n${tail(result.all ?? '', 15)}`,
      'check that Maven Central is reachable (mvn uses ~/.m2/settings.xml for proxies), then run `platform infra install`',
    );
  }
  writeFileSync(join(tmp, COMPLETE), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}
